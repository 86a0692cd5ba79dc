-- Up Migration

-- Each operator chooses how new customer messages reach them when the conversation is not on screen: the
-- tab title's count is always on; a sound and desktop notifications are opt-in (a browser asks for the
-- notification permission only after a click, so the default must be off).
ALTER TABLE operator_preference
  ADD COLUMN alert_sound boolean NOT NULL DEFAULT false,
  ADD COLUMN alert_desktop boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE operator_preference DROP COLUMN alert_sound, DROP COLUMN alert_desktop;
