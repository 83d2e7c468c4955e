package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.example.giftcards.GiftCardIntegrationApplication;
import org.junit.jupiter.api.Test;

class RehearsalSmokeTest {

    @Test
    void runs() throws Exception {
        byte[] body = Files.readString(Path.of("src/test/resources/samples/customer.voucher.gift.balance_added.json"))
                .replace("\"email\": null", "\"email\": \"jack@example.com\"").getBytes();
        try (Rehearsal r = Rehearsal.start(GiftCardIntegrationApplication.class, RehearsalMode.TEST, Path.of("routes"), false)) {
            EventRun run = r.run(body);
            System.out.println(run);
            EventRun again = r.run(body);
            System.out.println(again);
            System.out.println(r.erpRows("gift_card_transaction"));
            assertThat(run.outcome()).isEqualTo("accepted");
        }
    }
}
