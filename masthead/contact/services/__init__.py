"""Quick contact's writes and rules, one module for each thing they own.

``safety`` (what a reader may type, and how often), ``groups`` (socket groups),
``presence`` (who is around), ``outbox`` (storing a message and queueing its emails),
``delivery`` (sending one queued email), ``chat``, ``inbox`` (the newsroom's side) and
``erasure`` (forgetting a reader who deleted their account). Import from the module.
"""
