-- Whether an export was made with unmasked customer contacts in reach (the caller's token held
-- retail.customers.pii, which migration 015 now enforces). A fresh download link for such an export
-- needs that scope again, so a narrower token cannot fetch what only a broader one could make.
set local role retail_owner;

alter table retail_exports.exports add column pii boolean not null default false;
