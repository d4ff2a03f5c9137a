"""Text a DOCX file can hold: XML 1.0 refuses NUL and most control characters, and lxml
raises on them, so a NUL in an imported file would crash the whole report. They carry no
meaning in a report and are dropped."""

import re

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value):
    """The value with XML-invalid characters removed, inside tuples and lists too."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, tuple | list):
        return type(value)(xml_safe(item) for item in value)
    return value
