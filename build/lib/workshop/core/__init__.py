"""The ground every context stands on: configuration, extensions, security, errors, languages,
staff accounts, the clock, extension slots and the live transport. It imports no context."""
