package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of templates among real files, looked up through Camel's resource loader as the route reads them. */
class TopUpEmailTemplatesTest {

    private static final Pattern LANGUAGE_FILE = Pattern.compile("top-up-email\\.([A-Za-z0-9-]+)\\.(subject|txt|html)\\.mustache");
    private static final Pattern MUSTACHE_TAG = Pattern.compile("\\{\\{[^}]*}}}?");

    @TempDir
    Path routes;
    private DefaultCamelContext camel;
    private TopUpEmailTemplates templates;

    @BeforeEach
    void routesWithGerman() throws Exception {
        Files.createDirectories(routes.resolve("templates"));
        for (String kind : new String[] {"subject", "txt", "html"}) {
            write("top-up-email." + kind + ".mustache");
            write("top-up-email.de." + kind + ".mustache");
        }
        camel = new DefaultCamelContext();
        camel.start();
        templates = new TopUpEmailTemplates(camel, "file:" + routes, "en");
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aLanguageWithTemplatesGetsThemInTheCustomersOwnLocale() {
        TopUpEmailTemplates.Choice choice = templates.forCustomer(Optional.of(Locale.forLanguageTag("de-AT")));

        assertThat(choice.locale()).as("de-AT money, lang and Content-Language").isEqualTo(Locale.forLanguageTag("de-AT"));
        assertThat(choice.html()).isEqualTo(uri("top-up-email.de.html.mustache"));
        assertThat(choice.text()).isEqualTo(uri("top-up-email.de.txt.mustache"));
        assertThat(choice.subject()).isEqualTo(uri("top-up-email.de.subject.mustache"));
    }

    @Test
    void aMoreSpecificLanguageWinsAndItsMissingFilesFallBack() throws Exception {
        write("top-up-email.de-AT.html.mustache");

        TopUpEmailTemplates.Choice choice = templates.forCustomer(Optional.of(Locale.forLanguageTag("de-AT")));

        assertThat(choice.html()).isEqualTo(uri("top-up-email.de-AT.html.mustache"));
        assertThat(choice.text()).isEqualTo(uri("top-up-email.de.txt.mustache"));
        assertThat(choice.subject()).isEqualTo(uri("top-up-email.de.subject.mustache"));
    }

    @Test
    void aLanguageWithoutTemplatesGetsTheDefaultLanguage() {
        TopUpEmailTemplates.Choice choice = templates.forCustomer(Optional.of(Locale.forLanguageTag("pt-BR")));

        assertThat(choice).isEqualTo(new TopUpEmailTemplates.Choice(Locale.ENGLISH, uri("top-up-email.subject.mustache"),
                uri("top-up-email.txt.mustache"), uri("top-up-email.html.mustache")));
        assertThat(templates.forCustomer(Optional.empty())).isEqualTo(choice);
    }

    @Test
    void aCustomerOfTheDefaultLanguageKeepsTheirLocale() {
        assertThat(templates.forCustomer(Optional.of(Locale.forLanguageTag("en-IE"))))
                .isEqualTo(new TopUpEmailTemplates.Choice(Locale.forLanguageTag("en-IE"),
                        uri("top-up-email.subject.mustache"), uri("top-up-email.txt.mustache"), uri("top-up-email.html.mustache")));
    }

    @Test
    void theDefaultLanguageMayHaveTemplatesOfItsOwn() {
        TopUpEmailTemplates germanFirst = new TopUpEmailTemplates(camel, "file:" + routes, "de");

        assertThat(germanFirst.forCustomer(Optional.of(Locale.forLanguageTag("pt-BR"))).html())
                .isEqualTo(uri("top-up-email.de.html.mustache"));
        assertThat(germanFirst.forCustomer(Optional.of(Locale.forLanguageTag("pt-BR"))).locale()).isEqualTo(Locale.GERMAN);
    }

    @Test
    void whatExistsIsRememberedUntilATemplateChanges() throws Exception {
        Locale french = Locale.forLanguageTag("fr-FR");
        assertThat(templates.forCustomer(Optional.of(french)).html()).isEqualTo(uri("top-up-email.html.mustache"));
        Path added = write("top-up-email.fr.html.mustache");

        assertThat(templates.forCustomer(Optional.of(french)).html()).as("remembered, not looked up again")
                .isEqualTo(uri("top-up-email.html.mustache"));

        templates.templateChanged(added);
        assertThat(templates.forCustomer(Optional.of(french)).html()).isEqualTo(uri("top-up-email.fr.html.mustache"));
        assertThat(templates.forCustomer(Optional.of(french)).locale()).isEqualTo(french);
    }

    @Test
    void aMissingFileWithoutALanguageStopsTheStart() throws Exception {
        templates.filesWithoutALanguageExist();
        Files.delete(routes.resolve("templates/top-up-email.txt.mustache"));

        assertThatThrownBy(templates::filesWithoutALanguageExist)
                .hasMessageContaining("top-up-email.txt.mustache does not exist");
    }

    @Test
    void aDefaultLanguageThatIsNoLanguageTagStopsTheStart() {
        assertThatThrownBy(() -> new TopUpEmailTemplates(camel, "file:" + routes, "english please"))
                .hasMessageContaining("GIFT_EMAIL_LOCALE=english please is not a language tag");
    }

    /** Each shipped language has its three files, and they show the values the files without a language show. */
    @Test
    void theShippedLanguagesAreCompleteTranslations() throws Exception {
        Path shipped = Path.of("routes/templates");
        List<String> languages;
        try (Stream<Path> files = Files.list(shipped)) {
            languages = files.map(f -> f.getFileName().toString()).map(LANGUAGE_FILE::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).distinct().sorted().toList();
        }
        assertThat(languages).contains("de");
        for (String language : languages) {
            for (String kind : new String[] {"subject", "txt", "html"}) {
                Path translated = shipped.resolve("top-up-email." + language + "." + kind + ".mustache");
                assertThat(translated).exists();
                assertThat(tags(Files.readString(translated))).as(translated.toString())
                        .isEqualTo(tags(Files.readString(shipped.resolve("top-up-email." + kind + ".mustache"))));
            }
        }
    }

    private static List<String> tags(String template) {
        return MUSTACHE_TAG.matcher(template).results().map(MatchResult::group).sorted().toList(); // word order differs
    }

    private Path write(String name) throws Exception {
        return Files.writeString(routes.resolve("templates").resolve(name), "{{body.transactionId}}\n");
    }

    private String uri(String name) {
        return "file:" + routes + "/templates/" + name + "?encoding=UTF-8";
    }
}
