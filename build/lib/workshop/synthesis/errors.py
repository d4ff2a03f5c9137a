"""The error every check of a session document raises, named by the faulty field."""


class DocumentError(ValueError):
    """A faulty field; ``str()`` starts with the field's path, e.g. ``contributions[3].kind``."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
