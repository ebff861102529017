-- Issue 5: reserved; the helper building it fills this in.
SELECT 1;
