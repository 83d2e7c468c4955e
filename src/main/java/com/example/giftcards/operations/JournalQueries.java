package com.example.giftcards.operations;

import java.util.List;
import java.util.Map;

import com.example.giftcards.http.RequestRejectedException;
import com.example.giftcards.names.RouteNames;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The admin endpoints' questions to the event journal, with their HTTP answers for what is not there. */
@Component
public class JournalQueries {

    private final EventJournal journal;

    public JournalQueries(EventJournal journal) {
        this.journal = journal;
    }

    public Map<String, Object> byEventId(@Header(RouteNames.EVENT_ID) String eventId) {
        Map<String, Object> event = journal.find(eventId);
        if (event == null) {
            throw new RequestRejectedException(404, "unknown_event", "No event " + eventId + " was received (or it is older than the retention)");
        }
        return event;
    }

    public List<Map<String, Object>> search(@Header(RouteNames.TRANSACTION_ID) String transactionId, @Header(RouteNames.VOUCHER_ID) String voucherId) {
        if (transactionId != null && !transactionId.isBlank()) {
            return journal.search("transaction_id", transactionId);
        }
        if (voucherId != null && !voucherId.isBlank()) {
            return journal.search("voucher_id", voucherId);
        }
        throw new RequestRejectedException(400, "missing_filter", "Give transactionId or voucherId");
    }
}
