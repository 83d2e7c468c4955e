package com.example.giftcards.dev;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only views of what the default run produced, for a person trying it out: the messages on a queue of the
 * embedded broker, and the ERP rows in the embedded H2 database. Exists only in the fully embedded setup
 * (no BROKER_URL, the ERP in H2), so it never exposes a real broker or ERP. Answers only loopback or the admin token
 * ({@link DevViewsGuard}).
 */
@RestController
@ConditionalOnExpression("'${gift.broker.url:}'.isBlank() && '${gift.erp-db.url:}'.startsWith('jdbc:h2:')")
public class DevOutcomes {

    private static final Map<String, String> TABLES = Map.of(
            "gift-card-balances", "SELECT * FROM gift_card_balance ORDER BY updated_at DESC LIMIT 100",
            "gift-card-transactions", "SELECT * FROM gift_card_transaction ORDER BY received_at DESC LIMIT 100");

    private final JmsTemplate jms;
    private final JdbcTemplate erp;
    private final Set<String> queues;

    /** The queues worth looking at: the public ones, where events are kept for operators, the legs' dead letters. */
    public DevOutcomes(ConnectionFactory jmsConnectionFactory, @Qualifier("erpDataSource") DataSource erpDataSource,
                       @Value("${gift.queues.public}") String publicQueue, @Value("${gift.queues.unhandled}") String unhandled,
                       @Value("${gift.queues.invalid}") String invalid, @Value("${gift.queues.erp}") String erpQueue,
                       @Value("${gift.queues.email}") String emailQueue,
                       @Value("${gift.queues.public-transactions}") String publicTransactionsQueue,
                       @Value("${gift.queues.dead-letter-prefix}") String deadLetterPrefix) {
        this.queues = Set.of(publicQueue, publicTransactionsQueue, unhandled, invalid, deadLetterPrefix + erpQueue, deadLetterPrefix + emailQueue);
        this.jms = new JmsTemplate(jmsConnectionFactory);
        this.erp = new JdbcTemplate(erpDataSource);
    }

    /** The messages waiting on a queue (browsed, not consumed), newest last. */
    @GetMapping("/dev/queues/{queue}")
    public ResponseEntity<List<Map<String, Object>>> queue(@PathVariable String queue) {
        if (!queues.contains(queue)) {
            return ResponseEntity.notFound().build();
        }
        List<Map<String, Object>> messages = jms.browse(queue, (session, browser) -> {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Object browsed : Collections.list(browser.getEnumeration())) {
                Message message = (Message) browsed;
                Map<String, Object> entry = new LinkedHashMap<>();
                Map<String, Object> properties = new LinkedHashMap<>();
                for (Object name : Collections.list(message.getPropertyNames())) {
                    properties.put((String) name, message.getObjectProperty((String) name));
                }
                entry.put("properties", properties);
                entry.put("persistent", message.getJMSDeliveryMode() == jakarta.jms.DeliveryMode.PERSISTENT);
                entry.put("body", message instanceof TextMessage text ? text.getText() : null);
                list.add(entry);
            }
            return list;
        });
        return ResponseEntity.ok(messages);
    }

    /** The ERP rows the integration wrote, newest first. */
    @GetMapping("/dev/erp/{table}")
    public ResponseEntity<List<Map<String, Object>>> erp(@PathVariable String table) {
        String query = TABLES.get(table);
        return query == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(erp.queryForList(query));
    }
}
