package com.example.giftcards.email;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

import com.example.giftcards.camel.reload.TemplateFolderCache;
import jakarta.annotation.PostConstruct;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which templates a customer's top-up email is rendered with. The files without a language
 * ({@code routes/templates/top-up-email.{subject,txt,html}.mustache}) are written in the default language
 * (GIFT_EMAIL_LOCALE). A language of its own is the same files with its tag: {@code top-up-email.de.html.mustache}.
 * They are looked for as Java looks for resource bundles: {@code de-AT}, then {@code de}, then the files without a
 * language. A language is used when its HTML template exists; its plain-text and subject templates fall back on their
 * own the same way (so a missing one never stops the email).
 * <p>
 * A customer whose language has none (or who has no language) gets those of GIFT_EMAIL_LOCALE, else the files without
 * a language. The locale of the email (how its money is written, its {@code lang} and Content-Language) is the
 * customer's when their language has templates or is the default language; otherwise GIFT_EMAIL_LOCALE's.
 * <p>
 * What exists is looked up once per language tag, not for every email; with live edits on, an edit to a template
 * (a new language, a deleted file) makes this forget ({@link TemplateFolderCache}). Without live edits, new files
 * are used after a restart, as every other change to the routes folder.
 */
@Component
public class TopUpEmailTemplates implements TemplateFolderCache {

    static final String BASE = "templates/top-up-email";
    private static final Logger LOG = LoggerFactory.getLogger(TopUpEmailTemplates.class);
    /** The templates are UTF-8: the mustache endpoint reads them so, whatever the platform's default charset. */
    private static final String UTF_8 = "?encoding=UTF-8";
    private static final int MAX_REMEMBERED = 1000; // distinct tags seen; the payload could send any number
    private static final ResourceBundle.Control CANDIDATES = ResourceBundle.Control.getControl(ResourceBundle.Control.FORMAT_DEFAULT);

    private final CamelContext camel;
    private final String location;
    private final Locale defaultLocale;
    private final Map<String, Choice> remembered = new ConcurrentHashMap<>();

    /**
     * The locale and the template files of one email: each a Camel resource URI (with the mustache endpoint's
     * encoding) of a language's file, or of the file without a language.
     */
    public record Choice(Locale locale, String subject, String text, String html) {
    }

    public TopUpEmailTemplates(CamelContext camel, @Value("${routes.location}") String location,
            @Value("${gift.email.locale}") String defaultTag) {
        this.camel = camel;
        this.location = location;
        this.defaultLocale = CustomerLanguage.parse(defaultTag).orElseThrow(() -> new IllegalStateException(
                "GIFT_EMAIL_LOCALE=" + defaultTag + " is not a language tag (BCP 47, such as en, en-IE, de)"));
    }

    /**
     * The files without a language must be there: every customer's choice falls back on them, and no route names
     * them (the route renders whichever file {@link #forCustomer} chose). Checked at start, so a missing one stops it
     * rather than parking every email of the default language.
     */
    @PostConstruct
    public void filesWithoutALanguageExist() {
        for (String kind : List.of("subject", "txt", "html")) {
            String uri = location + "/" + BASE + "." + kind + ".mustache";
            if (!exists(uri)) {
                throw new IllegalStateException(uri + " does not exist: the top-up email's " + kind
                        + " template without a language, which every language falls back on");
            }
        }
    }

    /** The templates for a customer of this language (none: the default language). */
    public Choice forCustomer(Optional<Locale> customer) {
        String key = customer.map(Locale::toLanguageTag).orElse("");
        Choice choice = remembered.get(key);
        if (choice == null) {
            choice = choose(customer);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(key, choice);
        }
        return choice;
    }

    @Override
    public void templateChanged(Path template) {
        if (template.getFileName().toString().startsWith(Path.of(BASE).getFileName() + ".")) {
            remembered.clear();
            LOG.info("{} changed: the top-up email's languages are looked up again", template.getFileName());
        }
    }

    private Choice choose(Optional<Locale> customer) {
        Optional<Choice> own = customer.flatMap(this::withTemplatesOf);
        if (own.isPresent()) {
            return own.get();
        }
        Optional<Choice> fallback = withTemplatesOf(defaultLocale);
        if (fallback.isPresent()) {
            return fallback.get();
        }
        // the files without a language, written in the default language: a customer of that language keeps their locale
        boolean sameLanguage = customer.isPresent() && customer.get().getLanguage().equals(defaultLocale.getLanguage());
        return new Choice(sameLanguage ? customer.get() : defaultLocale, withoutLanguage("subject"), withoutLanguage("txt"),
                withoutLanguage("html"));
    }

    /** This locale's templates, if its language has an HTML template of its own ({@code de-AT}, else {@code de}). */
    private Optional<Choice> withTemplatesOf(Locale locale) {
        List<Locale> languages = CANDIDATES.getCandidateLocales("", locale).stream()
                .filter(l -> !l.equals(Locale.ROOT)).toList();
        for (int i = 0; i < languages.size(); i++) {
            String html = uri(languages.get(i), "html");
            if (exists(html)) {
                List<Locale> rest = languages.subList(i, languages.size());
                return Optional.of(new Choice(locale, firstExisting(rest, "subject"), firstExisting(rest, "txt"), html + UTF_8));
            }
        }
        return Optional.empty();
    }

    private String firstExisting(List<Locale> languages, String kind) {
        return languages.stream().map(l -> uri(l, kind)).filter(this::exists).findFirst().map(uri -> uri + UTF_8)
                .orElseGet(() -> withoutLanguage(kind));
    }

    /** The file without a language: {@code <routes.location>/templates/top-up-email.html.mustache}. */
    private String withoutLanguage(String kind) {
        return location + "/" + BASE + "." + kind + ".mustache" + UTF_8;
    }

    /** A language's file: {@code <routes.location>/templates/top-up-email.de-AT.html.mustache}. */
    private String uri(Locale language, String kind) {
        return location + "/" + BASE + "." + language.toLanguageTag() + "." + kind + ".mustache";
    }

    private boolean exists(String uri) {
        Resource resource = PluginHelper.getResourceLoader(camel).resolveResource(uri);
        return resource != null && resource.exists();
    }
}
