"""Every source kept current: fetch each publisher's newest release, check it, rebuild, report
the changes, keep the old release for a one-command rollback. May import clinic_finder's core."""
