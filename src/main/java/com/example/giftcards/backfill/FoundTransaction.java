package com.example.giftcards.backfill;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A transaction read from a card's list, with its card: what the backfill route hands off if the ledger lacks it.
 * {@code customerPath} is the holder's API path when an email may be due (money added, recently, a holder), else null.
 */
public record FoundTransaction(String transactionId, JsonNode transaction, JsonNode voucher, String customerPath) {
}
