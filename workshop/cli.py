"""Command-line entry points: `flask --app workshop users create|demo|synthesize|purge|methods ...`."""


def register_cli(app):
    from .core.accounts import users_cli
    from .demo import demo_command
    from .sessions.methods.cli import methods_cli
    from .synthesis.cli import synthesize_command
    from .workspace.cli import purge_command

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(synthesize_command, "synthesize")
    app.cli.add_command(purge_command)
    app.cli.add_command(methods_cli)
