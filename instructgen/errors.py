"""Errors that name what is wrong and where, so a user can fix input before jobs start."""


class InputError(ValueError):
    """Bad input data: the message names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line


class ConfigError(ValueError):
    """Bad configuration: the message names the key path (e.g. track_b.reward.coherence)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"config key '{key}': {message}")
        self.key = key
