"""Domain errors the services raise; the API answers them with 409 Conflict."""


class Conflict(Exception):
    """The request is valid but clashes with the claim's current state."""

    def __init__(self, message: str, current: dict | None = None, claim_id: int | None = None):
        """claim_id: the claim that clashed, where a step touches several (an adjudicator's merge)."""
        super().__init__(message)
        self.current = current
        self.claim_id = claim_id


class StaleVersion(Conflict):
    """The client edited or reviewed an older version of the claim than the stored one."""
