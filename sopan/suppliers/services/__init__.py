"""The writes of the service suppliers module: contracts (contracts.py), evaluations (evaluations.py) and
procurement proposals (proposals.py). Each runs in one transaction, checks the permission first, locks its row and
moves a status only through its workflow (audit event, version, SOP steps)."""
