-- Telegram: the committed getUpdates offset per bot and the inbox of accepted updates, written in one
-- transaction so that an update is neither lost nor handled twice across restarts.
CREATE TABLE telegram_offset (
    bot         TEXT PRIMARY KEY,
    next_offset ${bigint} NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE telegram_inbox (
    id          ${id_pk},
    bot         TEXT NOT NULL,
    update_id   ${bigint} NOT NULL,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handled_at  TEXT,
    UNIQUE (bot, update_id)
);
CREATE INDEX telegram_inbox_status ON telegram_inbox (bot, status, update_id);

-- Pairing requests from unknown senders, and the senders the operator approved.
CREATE TABLE telegram_pairing (
    code         TEXT PRIMARY KEY,
    bot          TEXT NOT NULL,
    user_id      ${bigint} NOT NULL,
    chat_id      ${bigint} NOT NULL,
    display_name TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   ${bigint} NOT NULL,
    approved_at  TEXT
);

CREATE TABLE telegram_allowed (
    bot         TEXT NOT NULL,
    user_id     ${bigint} NOT NULL,
    approved_at TEXT NOT NULL,
    via_code    TEXT,
    PRIMARY KEY (bot, user_id)
);

-- Inline-keyboard offers: each callback must match one, and an offer is answered once.
CREATE TABLE telegram_offer (
    offer_id    TEXT PRIMARY KEY,
    bot         TEXT NOT NULL,
    chat_id     ${bigint} NOT NULL,
    message_id  ${bigint},
    options     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    answer      TEXT,
    answered_by ${bigint},
    answered_at TEXT
);
