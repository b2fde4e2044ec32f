-- Run ids are handed out in blocks of ${identity_cache} (Database.H2_IDENTITY_CACHE on H2, 1 on
-- PostgreSQL): H2 commits the end of each block on its own, and at the default of 32 that was an
-- extra commit, and an extra chunk in the file, for every 32 pings stored.
ALTER TABLE run ALTER COLUMN id SET CACHE ${identity_cache};
