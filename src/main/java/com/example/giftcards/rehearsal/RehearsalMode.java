package com.example.giftcards.rehearsal;

/** What a rehearsal is for. */
public enum RehearsalMode {
    /** {@code --try}: the configured ERP database, always rolled back; the configured state database read only. */
    TRY,
    /** {@code --test-routes}: in-memory ERP and state databases that keep what the routes write, emptied per case. */
    TEST
}
