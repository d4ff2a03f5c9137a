"""Twelve interpretations of about 300 characters, as a group of social workers writes them."""

INTERPRETATIONS = (
    "Je crois que l'assistante sociale s'est retrouvée seule face à une règle qu'elle n'avait pas "
    "écrite : le CPAS exige un justificatif de domicile que la famille ne peut pas fournir, et "
    "personne dans l'équipe n'a osé dire que la règle produisait l'exclusion qu'elle devait éviter.",
    "Ce qui me frappe, c'est le temps. Trois rendez-vous annulés en un mois, chaque fois pour une "
    "raison administrative, et la mère finit par ne plus venir. On parle de non-recours, mais ici "
    "c'est l'institution qui a épuisé la personne avant qu'elle ne renonce à ses droits.",
    "Pour moi le récit montre un conflit de loyauté : l'éducateur veut protéger le jeune, mais il "
    "doit aussi rendre compte au juge. Le carnet de suivi devient alors un outil de contrôle plutôt "
    "qu'un support de dialogue, et le jeune le sent très bien dès la deuxième rencontre.",
    "J'entends surtout la solitude du travailleur de première ligne. La coordinatrice était en congé, "
    "la procédure d'urgence n'était pas claire et il a dû décider seul, un vendredi à 17 heures, "
    "s'il fallait appeler le service d'aide à la jeunesse. Cette solitude est organisée.",
    "Il me semble que la famille a été définie par son problème de logement et plus par ses "
    "ressources. Pourtant la grand-mère s'occupait des enfants chaque soir. Si on avait regardé le "
    "réseau autour d'eux, on aurait pu construire un plan avec eux et pas seulement pour eux.",
    "Je pense que le malaise vient de l'écart entre le projet pédagogique affiché, qui parle "
    "d'autonomie et de participation, et les horaires imposés du foyer. Les jeunes ne décident de "
    "rien, même pas de l'heure du repas, et on s'étonne ensuite qu'ils ne s'impliquent pas.",
    "Ce qui se joue, c'est la question du secret partagé. La psychologue savait, l'éducatrice aussi, "
    "mais aucune réunion ne permettait d'en parler sans trahir la confiance de la jeune fille. "
    "Le cadre légal existe, il manque un lieu et un moment pour l'appliquer ensemble.",
    "Mon interprétation est plus politique : la réduction des subsides a supprimé le poste de "
    "médiateur interculturel, et c'est précisément ce poste qui aurait permis de comprendre ce que "
    "le père voulait dire. Le malentendu n'est pas individuel, il est budgétaire.",
    "Je vois dans ce récit une belle réussite qu'on ne sait pas nommer. La travailleuse a pris le "
    "temps d'accompagner la dame jusqu'au guichet, hors de son mandat, et c'est ce geste qui a "
    "débloqué le dossier. Nos indicateurs ne comptent jamais ce genre de travail invisible.",
    "Enfin, je me demande si le narrateur ne s'est pas senti jugé par ses collègues. Il raconte "
    "l'histoire en se justifiant à chaque phrase. Peut-être que l'équipe manque d'un espace où l'on "
    "peut dire ses doutes sans que cela devienne une faute professionnelle à corriger.",
    "Je relie ce récit à la formation initiale : on nous apprend les procédures, rarement à les "
    "discuter. Quand une règle ne colle pas à la situation, le travailleur croit que c'est lui qui "
    "a mal compris, et il se tait au lieu d'en parler en équipe ou avec sa direction.",
    "Ce qui reste ouvert pour moi, c'est la place de la famille dans la décision. À aucun moment on "
    "ne lui demande ce qu'elle souhaite. Les professionnels discutent entre eux de son dossier, "
    "avec de bonnes intentions, mais sans elle, et elle l'apprend par un courrier recommandé.",
)
