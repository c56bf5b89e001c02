-- Approval offers survive a restart: what an offer decides (an opaque binding such as a broker request id and
-- its action hash), until when a press counts, and whether the recorded answer was handed to its handler.
ALTER TABLE telegram_offer ADD COLUMN binding TEXT;
ALTER TABLE telegram_offer ADD COLUMN expires_at_ms ${bigint};
ALTER TABLE telegram_offer ADD COLUMN applied_at TEXT;
CREATE INDEX telegram_offer_message ON telegram_offer (bot, chat_id, message_id);
