"""Helpers that work inside one open unit of work (hence `_uow`): private to `services/`.

A public module of `services/` is a use case: it takes the `Database`, opens one transaction,
and returns frozen records (`services/records.py`) with a ChangeSet. The functions here take the
ORM session (`orm`) of a transaction a use case already opened: loading rows, the
signed-is-immutable rule (`locking`), writing only changed fields (`field_changes`), checking
input (`validation`), copy-forward flags, audit events. Nothing outside `services/` imports them.
"""
