package com.example.giftcards.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.example.giftcards.routecheck.RouteCheck;
import com.example.giftcards.routecheck.RouteCheckReport;
import com.example.giftcards.routecheck.RouteFolder;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import com.example.giftcards.support.RoutesCopy;
import com.example.giftcards.support.TestMail;
import com.example.giftcards.support.WorkedExamples;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.TextMessage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worked examples of docs/changing-routes.md, done exactly as the integration team would: edits to a copy of
 * routes/ (templates, SQL, a route file, a new route file), picked up by the application as it is - no build.
 */
class WorkspaceExamplesTest extends IntegrationTest {

    static final RoutesCopy ROUTES = RoutesCopy.ofRepository();
    private static final Pattern MUSTACHE_TAG = Pattern.compile("\\{\\{[^}]*}}}?");

    @DynamicPropertySource
    static void editedRoutes(DynamicPropertyRegistry registry) throws Exception {
        WorkedExamples.applyTo(ROUTES);

        registry.add("routes.location", () -> "file:" + ROUTES.dir());
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES.dir() + "/*.camel.yaml");
    }

    @BeforeEach
    void erpHasACampaignColumn() {
        // What the ERP's owners do for example 2; the service itself never changes the ERP's tables at run time.
        erp.execute("ALTER TABLE gift_card_transaction ADD COLUMN IF NOT EXISTS campaign VARCHAR(200)");
    }

    @Test
    void theEditedRoutesPassTheCheckBeforeDeployment() {
        RouteCheckReport report = RouteCheck.run(RouteFolder.onDisk(ROUTES.dir()));

        assertThat(report.problems()).isEmpty();
        assertThat(report.routeFiles()).isEqualTo(11);   // the 9 shipped ones and the 2 worked examples that add a file
        assertThat(ROUTES.dir().resolve("templates/top-up-email.fr.html.mustache")).exists();
    }

    @Test
    void aPayloadFieldReachesTheEmailAndAnExtraErpColumn() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("voucher").put("campaign", "Spring <b>sale</b> " + id);

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> MAIL.to(Fixtures.emailOf(id)).size() == 1);
        MimeMessage email = MAIL.to(Fixtures.emailOf(id)).get(0);
        assertThat(TestMail.part(email, "text/html")).contains("Campaign: Spring &lt;b&gt;sale&lt;/b&gt; " + id);
        assertThat(TestMail.part(email, "text/plain")).contains("Campaign: Spring <b>sale</b> " + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger("vtx_" + id).size() == 1);
        assertThat(ledger("vtx_" + id).get(0).get("campaign")).isEqualTo("Spring <b>sale</b> " + id);
    }

    @Test
    void aNewEventTypeGoesToItsOwnQueue() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.sample(Fixtures.UNRELATED);
        envelope.put("type", "voucher.published");
        envelope.with("event").put("type", "voucher.published").put("id", "evvou_" + id);
        byte[] body = Fixtures.compact(envelope);

        var response = webhooks.post(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Fixtures.parse(response.body()).get("status").asText()).isEqualTo("accepted");
        TextMessage kept = (TextMessage) BROKER.client().receiveSelected("voucherify.events.published", "eventId = 'evvou_" + id + "'");
        assertThat(kept).isNotNull();
        assertThat(kept.getText()).isEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(kept.getStringProperty("voucherCode")).isEqualTo("Your-applicable-9");
        assertThat(kept.getStringProperty("eventType")).isEqualTo("voucher.published");
    }

    @Test
    void aRefundIsEmailedWithItsOwnTemplatesAndARedemptionStillIsNot() throws Exception {
        String id = Fixtures.unique();
        ObjectNode refund = Fixtures.transaction(Fixtures.TRANSACTION_REFUND, id);
        Fixtures.holderOf(refund).put("name", "Hanna <i>Rowe</i>").put("email", Fixtures.emailOf(id));
        String other = Fixtures.unique();
        ObjectNode redemption = Fixtures.transaction(Fixtures.TRANSACTION_REDEMPTION, other);
        Fixtures.holderOf(redemption).put("email", Fixtures.emailOf(other));
        LegWatch redemptionSkipped = LegWatch.emailLegSkipped(camel, BROKER, "evvou_" + other);

        assertThat(webhooks.post(Fixtures.compact(refund)).statusCode()).isEqualTo(202);
        assertThat(webhooks.post(Fixtures.compact(redemption)).statusCode()).isEqualTo(202);

        MimeMessage email = eventually.emailTo(Fixtures.emailOf(id));
        assertThat(email.getSubject()).isEqualTo("€0.44 has been refunded to your gift card (new balance €1,210.00)");
        assertThat(TestMail.part(email, "text/plain")).contains("€0.44 from a cancelled or returned order", "vtx_" + id);
        assertThat(TestMail.part(email, "text/html")).contains("Hanna &lt;i&gt;Rowe&lt;/i&gt;").doesNotContain("<i>");
        redemptionSkipped.awaitDone();
        assertThat(MAIL.to(Fixtures.emailOf(other))).isEmpty();
    }

    @Test
    void aNewLanguageIsThreeTranslatedFiles() throws Exception {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("customer").put("name", "Zoé <Dupont>").with("metadata").put("locale", "fr-FR");

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> MAIL.to(Fixtures.emailOf(id)).size() == 1);
        MimeMessage email = MAIL.to(Fixtures.emailOf(id)).get(0);
        // JDK locale data for fr-FR: a no-break space (U+00A0) before the euro sign
        assertThat(email.getSubject()).isEqualTo("Votre carte cadeau a été créditée de 4,00\u00a0€ (nouveau solde : 159,00\u00a0€)");
        assertThat(email.getHeader("Content-Language")).containsExactly("fr-FR");
        assertThat(TestMail.part(email, "text/plain").lines().findFirst()).contains("Bonjour Zoé <Dupont>,");
        assertThat(TestMail.part(email, "text/plain")).contains("a été créditée de 4,00\u00a0€.", "Nouveau solde :    159,00\u00a0€");
        assertThat(TestMail.part(email, "text/html")).contains("<html lang=\"fr-FR\">", "Bonjour Zoé &lt;Dupont&gt;,",
                "<strong>4,00\u00a0€</strong>", "<strong>159,00\u00a0€</strong>");
    }

    @Test
    void theTranslatedFilesShowWhatTheEnglishOnesShow() throws Exception {
        for (String kind : WorkedExamples.FRENCH) {
            String english = Files.readString(Path.of("routes/templates/top-up-email." + kind + ".mustache"));
            String french = Files.readString(Path.of("docs/examples/templates/top-up-email.fr." + kind + ".mustache"));
            assertThat(tags(french)).as(kind).isEqualTo(tags(english));
        }
    }

    private static List<String> tags(String template) {
        return MUSTACHE_TAG.matcher(template).results().map(m -> m.group()).sorted().toList(); // word order differs
    }
}
