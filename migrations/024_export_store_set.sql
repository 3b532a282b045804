-- The stores an export can hold rows of: the caller's visible stores (retail.visible_store_ids(), as
-- RLS saw them in the export's own transaction). A fresh download link needs every one of them
-- still visible, so a manager moved to another store, or a regional manager whose region shrank,
-- cannot fetch again what they may no longer read. Exports made before this migration have none
-- recorded (null) and get no new link: run them again.
set local role retail_owner;

alter table retail_exports.exports add column store_ids int[];
