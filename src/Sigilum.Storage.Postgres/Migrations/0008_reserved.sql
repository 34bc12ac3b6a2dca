-- Number 0008 is assigned to another change of this round; this placeholder keeps the numbering gap-free on this
-- branch (migrations must be 1, 2, 3 … without gaps) and is replaced by that change's script when the branches merge.
SELECT 1;
