-- zvh-pga store, PostgreSQL dialect, schema version 12, the twin of
-- sqlite/0012_responsible_gemeente.sql: the responsible gemeente of each signal,
-- the gemeente where the person lives, the only gemeente that sees the signal and acts in its
-- weegploeg (docs/contract.md, "The responsible gemeente"). The partner id, as in the partner
-- table.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

ALTER TABLE zvhpga.pga_signal ADD COLUMN responsible_gemeente TEXT;

-- Existing signals get the gemeente that registered them. A signal the politie or the OM
-- registered gets the first gemeente that contributed to it, the one that acted as the gemeente
-- of its weegploeg. The rest stay NULL: the plugin then takes the region's only gemeente in the
-- partner table, and where the region has several, no gemeente sees the signal (the safe side:
-- the politie and the OM still do) until an administrator names it (docs/storage.md,
-- "The responsible gemeente of older signals").
UPDATE zvhpga.pga_signal SET responsible_gemeente = registered_by_partner_id
  WHERE registered_by_partner_kind = 'gemeente';
UPDATE zvhpga.pga_signal SET responsible_gemeente =
  (SELECT c.contributor_partner_id FROM zvhpga.pga_contribution c
    WHERE c.signal_id = pga_signal.signal_id AND c.contributor_partner_kind = 'gemeente'
      AND c.seq = (SELECT MIN(f.seq) FROM zvhpga.pga_contribution f
                    WHERE f.signal_id = pga_signal.signal_id
                      AND f.contributor_partner_kind = 'gemeente'))
  WHERE responsible_gemeente IS NULL;
