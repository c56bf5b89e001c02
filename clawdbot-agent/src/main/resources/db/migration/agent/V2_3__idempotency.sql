-- Exactly-once hand-off: a channel's message id committed in the same transaction as the turn it started,
-- with the reply that was delivered, so a channel that re-submits the message after a crash gets that reply
-- again instead of a second model run. Unique per agent and channel (the scope in which a channel names its
-- messages, e.g. a Telegram update id), not per session: a /new between the two attempts must not rerun it.
CREATE TABLE agent_idempotency (
    agent TEXT NOT NULL,
    channel TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    turn_id ${bigint} NOT NULL REFERENCES agent_turns (id),
    session_key TEXT NOT NULL,
    reply TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (agent, channel, idempotency_key)
);
