package com.example.giftcards.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful fake of Voucherify's REST API on 127.0.0.1, for the backfill's tests: the read endpoints the backfill
 * uses, with Voucherify's authentication, paging, error shapes and rate-limit answers, and faults a test switches on.
 * <p>
 * The JSON follows the shapes (field names, nesting, example values' formats) of Voucherify's OpenAPI in
 * {@code voucherifyio/voucherify-openapi}, commit {@code 65c33a7ab4384e3df9e382751157aca4b1352cd6} (2026-08-21),
 * file {@code production/readOnly-openAPI.json} ({@code reference/OpenAPI.json} is not stored in that snapshot):
 * schemas {@code VouchersListResponseBody}, {@code VouchersGetResponseBody} / {@code VoucherBase},
 * {@code VouchersTransactionsListResponseBody}, {@code VoucherTransaction} with {@code VoucherBalance},
 * {@code CustomersGetResponseBody} and {@code Error}, and the examples of {@code list-vouchers}, {@code get-voucher}
 * ("Gift Card"), {@code list-voucher-transactions} and {@code get-customer}. Error bodies follow
 * {@code documentation/api-reference/errors.mdx} and the spec's examples (404 {@code not_found} with
 * {@code resource_id} / {@code resource_type}; 400 {@code invalid_query_params} "Invalid query params"; 401
 * {@code unauthorized}); the 429 headers follow {@code documentation/guides/limits.mdx}. Not in the spec, so chosen
 * here: the 429 body's {@code key} ({@code too_many_requests}), the wording of the 400 for a page above 99, and the
 * 5xx bodies.
 * <p>
 * Gift-card arithmetic, as the spec's transaction example shows it: {@code CREDITS_ADDITION} raises
 * {@code gift.amount}, {@code CREDITS_REMOVAL} raises {@code gift.subtracted_amount}, {@code CREDITS_REDEMPTION} /
 * {@code CREDITS_REFUND} move {@code redemption.redeemed_amount}; each transaction's {@code details.balance.total} is
 * {@code amount - subtracted_amount} and {@code details.balance.balance} the card's balance after it. Add a card's
 * transactions in the order they happen: ids grow with each call, as Voucherify's {@code vtx_} ids grow with time.
 * <p>
 * Faults apply to authenticated requests, one per request in the order they were set, whatever the endpoint. Every
 * request is logged with the status it got; a stalled request is logged on arrival with the status it answers after
 * its delay.
 */
public final class FakeVoucherify implements AutoCloseable {

    /** The request log's entry; {@code query} decoded, {@code path} without the query. */
    public record Request(String method, String path, Map<String, String> query, String appId, boolean tokenMatched,
            Instant receivedAt, int status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Fixed-width hex, so that string order is creation order; unique across the fakes of one JVM. */
    private static final AtomicLong TRANSACTION_SEQUENCE = new AtomicLong(System.currentTimeMillis() << 12);
    private static final int RATE_LIMIT = 100;

    private final Object lock = new Object();
    private final String appId;
    private final String appToken;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String giftCampaignId = "camp_" + random(24);

    private final List<Customer> customers = new ArrayList<>();
    private final List<Voucher> vouchers = new ArrayList<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    private FakeVoucherify(String appId, String appToken) throws IOException {
        this.appId = appId;
        this.appToken = appToken;
        // Port 0: the system picks a free port at bind time (no window in which another process can take it).
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // A thread per request: a stalled answer must not hold up the client's retry.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-voucherify");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeVoucherify start(String appId, String appToken) {
        try {
            return new FakeVoucherify(appId, appToken);
        } catch (IOException e) {
            throw new IllegalStateException("fake Voucherify could not start", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---------------------------------------------------------------- state

    /** A customer {@code cust_…}; {@code metadata.locale} = locale (null: no such key); email may be null. */
    public Customer customer(String name, String email, String locale) {
        synchronized (lock) {
            Customer customer = new Customer(this, "cust_" + random(24), name, email, now());
            if (locale != null) {
                customer.metadata.put("locale", locale);
            }
            customers.add(customer);
            return customer;
        }
    }

    /** A gift card with no credits yet, held by the customer (null: no holder), made now. */
    public Voucher giftCard(String code, Customer holderOrNull) {
        return giftCard(code, holderOrNull, Instant.now());
    }

    /**
     * A gift card made at createdAt (its created_at and updated_at): a card whose transactions lie in the past must
     * have been made before them, or its updated_at (now) is outside the window a backfill asks for.
     */
    public Voucher giftCard(String code, Customer holderOrNull, Instant createdAt) {
        synchronized (lock) {
            if (findVoucher(code) != null) {
                throw new IllegalArgumentException("a voucher with code " + code + " exists already");
            }
            Instant created = millis(createdAt);
            Voucher voucher = new Voucher(this, "v_" + random(32), code, "GIFT_VOUCHER", giftCampaignId,
                    holderOrNull == null ? null : holderOrNull.id, created, created);
            vouchers.add(voucher);
            return voucher;
        }
    }

    /** A voucher of another type ({@code DISCOUNT_VOUCHER}, {@code LOYALTY_CARD}), which the client must skip. */
    public Voucher otherVoucher(String code, String type, Instant updatedAt) {
        if ("GIFT_VOUCHER".equals(type)) {
            throw new IllegalArgumentException("use giftCard(...) for a gift card");
        }
        synchronized (lock) {
            if (findVoucher(code) != null) {
                throw new IllegalArgumentException("a voucher with code " + code + " exists already");
            }
            Instant updated = millis(updatedAt);
            Voucher voucher = new Voucher(this, "v_" + random(32), code, type, null, null, updated, updated);
            vouchers.add(voucher);
            return voucher;
        }
    }

    /**
     * A transaction on a gift card, as Voucherify books it: {@code CREDITS_ADDITION} / {@code CREDITS_REFUND} with a
     * positive amount, {@code CREDITS_REMOVAL} / {@code CREDITS_REDEMPTION} with a negative one. Moves the card's
     * balance and {@code updated_at} (to createdAt, if later).
     */
    public Transaction transaction(Voucher v, String type, long signedAmount, Instant createdAt) {
        boolean positive = switch (type) {
            case "CREDITS_ADDITION", "CREDITS_REFUND" -> true;
            case "CREDITS_REMOVAL", "CREDITS_REDEMPTION" -> false;
            default -> throw new IllegalArgumentException("not a gift-card transaction type: " + type);
        };
        if (signedAmount == 0 || (signedAmount > 0) != positive) {
            throw new IllegalArgumentException(type + " with amount " + signedAmount);
        }
        synchronized (lock) {
            if (!"GIFT_VOUCHER".equals(v.type)) {
                throw new IllegalArgumentException(v.code + " is not a gift card");
            }
            Instant created = millis(createdAt);
            switch (type) {
                case "CREDITS_ADDITION" -> v.amount += signedAmount;
                case "CREDITS_REMOVAL" -> v.subtractedAmount -= signedAmount;
                case "CREDITS_REDEMPTION" -> {
                    v.redeemedAmount -= signedAmount;
                    v.redeemedQuantity++;
                }
                default -> v.redeemedAmount -= signedAmount; // a refund gives a redemption's credits back
            }
            v.balance += signedAmount;
            if (created.isAfter(v.updatedAt)) {
                v.updatedAt = created;
            }
            String id = String.format("vtx_%018x", TRANSACTION_SEQUENCE.incrementAndGet());
            Transaction transaction = new Transaction(id, v.id, v.campaignId, type, signedAmount,
                    v.amount - v.subtractedAmount, v.balance, created);
            transactions.add(transaction);
            return transaction;
        }
    }

    /** Sets the card's updated_at, e.g. back before its last transaction (not confirmed that Voucherify moves it). */
    public void setUpdatedAt(Voucher v, Instant updatedAt) {
        synchronized (lock) {
            v.updatedAt = millis(updatedAt);
        }
    }

    /** Voucherify's balance drifts from what its transactions say (the ERP must report, not repair, the gap). */
    public void setBalance(Voucher v, long balance) {
        synchronized (lock) {
            v.balance = balance;
        }
    }

    /** The objects as this fake answers them now (a webhook test sends the same transaction, for example). */
    public ObjectNode json(Voucher v) {
        synchronized (lock) {
            return asParsed(voucherJson(v, true));
        }
    }

    public ObjectNode json(Transaction t) {
        return asParsed(transactionJson(t));
    }

    public ObjectNode json(Customer c) {
        synchronized (lock) {
            return asParsed(customerJson(c));
        }
    }

    /** As a client reads it (Jackson's number nodes compare by type: an int read back is not the long written). */
    private static ObjectNode asParsed(ObjectNode node) {
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- faults

    /** The next requests answer 429 "API limit reached" with Voucherify's rate-limit headers. */
    public void rateLimitNext(int requests, Duration retryAfter) {
        addFault(new Fault(FaultKind.RATE_LIMIT, requests, 429, retryAfter));
    }

    /** The next requests answer this status (e.g. 500, 502, 503) with a JSON error body. */
    public void failNext(int requests, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        addFault(new Fault(FaultKind.FAIL, requests, status, Duration.ZERO));
    }

    /** The next requests are answered only after the delay (to trigger the client's timeout). */
    public void stallNext(int requests, Duration delay) {
        addFault(new Fault(FaultKind.STALL, requests, 0, delay));
    }

    /** Drops the faults not used up yet: every request is answered at once again. */
    public void clearFaults() {
        synchronized (lock) {
            faults.clear();
        }
    }

    private void addFault(Fault fault) {
        if (fault.remaining < 1) {
            throw new IllegalArgumentException("requests must be at least 1");
        }
        synchronized (lock) {
            faults.addLast(fault);
        }
    }

    // ---------------------------------------------------------------- what arrived

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // wakes stalled answers
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            Instant received = Instant.now();
            String path = exchange.getRequestURI().getPath(); // decoded
            Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
            String givenId = exchange.getRequestHeaders().getFirst("X-App-Id");
            String givenToken = exchange.getRequestHeaders().getFirst("X-App-Token");
            boolean tokenMatched = givenToken != null && MessageDigest.isEqual(
                    givenToken.getBytes(StandardCharsets.UTF_8), appToken.getBytes(StandardCharsets.UTF_8));

            Answer answer;
            Duration stall = Duration.ZERO;
            synchronized (lock) {
                if (!appId.equals(givenId) || !tokenMatched) {
                    answer = Answer.error(401, "unauthorized", "Unauthorized",
                            "Check the X-App-Id and X-App-Token headers", null, null);
                } else {
                    Fault fault = takeFault();
                    if (fault != null && fault.kind == FaultKind.RATE_LIMIT) {
                        answer = rateLimited(fault.duration);
                    } else if (fault != null && fault.kind == FaultKind.FAIL) {
                        answer = failed(fault.status);
                    } else {
                        if (fault != null) {
                            stall = fault.duration;
                        }
                        answer = route(exchange.getRequestMethod(), path, query);
                    }
                }
                requests.add(new Request(exchange.getRequestMethod(), path, query, givenId, tokenMatched, received,
                        answer.status));
            }
            if (!stall.isZero()) {
                try {
                    Thread.sleep(stall.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // closed while stalling
                }
            }
            byte[] bytes = JSON.writeValueAsBytes(answer.body);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            answer.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (a stalled answer after its timeout): nothing to answer to
        } finally {
            exchange.close();
        }
    }

    private Fault takeFault() {
        Fault fault = faults.peekFirst();
        if (fault == null) {
            return null;
        }
        if (--fault.remaining == 0) {
            faults.removeFirst();
        }
        return fault;
    }

    private Answer route(String method, String path, Map<String, String> query) {
        String[] parts = path.split("/", -1); // "", "v1", ...
        if (parts.length < 3 || !"v1".equals(parts[1])) {
            return notFoundRoute(path);
        }
        boolean vouchersList = parts.length == 3 && "vouchers".equals(parts[2]);
        boolean voucherGet = parts.length == 4 && "vouchers".equals(parts[2]) && !parts[3].isEmpty();
        boolean transactionsList = parts.length == 5 && "vouchers".equals(parts[2]) && !parts[3].isEmpty()
                && "transactions".equals(parts[4]);
        boolean customerGet = parts.length == 4 && "customers".equals(parts[2]) && !parts[3].isEmpty();
        if (!vouchersList && !voucherGet && !transactionsList && !customerGet) {
            return notFoundRoute(path);
        }
        if (!"GET".equals(method)) {
            return Answer.error(405, null, "HTTP Method Not Allowed",
                    method + " is not supported by this endpoint. Did you mean GET?", null, null);
        }
        try {
            if (vouchersList) {
                return listVouchers(query);
            }
            if (voucherGet) {
                Voucher voucher = findVoucher(parts[3]);
                return voucher == null ? notFound(parts[3], "voucher") : Answer.ok(voucherJson(voucher, true));
            }
            if (transactionsList) {
                Voucher voucher = findVoucher(parts[3]);
                return voucher == null ? notFound(parts[3], "voucher") : listTransactions(voucher, query);
            }
            Customer customer = customers.stream()
                    .filter(c -> c.id.equals(parts[3]) || parts[3].equals(c.sourceId)).findFirst().orElse(null);
            return customer == null ? notFound(parts[3], "customer") : Answer.ok(customerJson(customer));
        } catch (InvalidQuery e) {
            return Answer.error(400, "invalid_query_params", "Invalid query params", e.getMessage(), null, null);
        }
    }

    private Answer listVouchers(Map<String, String> query) {
        int limit = intParam(query, "limit", 10, 1, 100);
        int page = intParam(query, "page", 1, 1, 99);
        String order = query.getOrDefault("order", "-created_at");
        Comparator<Voucher> comparator = switch (order.startsWith("-") ? order.substring(1) : order) {
            case "created_at" -> Comparator.comparing((Voucher v) -> v.createdAt);
            case "updated_at" -> Comparator.comparing((Voucher v) -> v.updatedAt);
            case "code" -> Comparator.comparing((Voucher v) -> v.code);
            default -> throw new InvalidQuery("Property .order should be one of created_at, -created_at, "
                    + "updated_at, -updated_at, code, -code");
        };
        comparator = comparator.thenComparing(v -> v.sequence); // ties: in the order they were made
        if (order.startsWith("-")) {
            comparator = comparator.reversed();
        }
        Predicate<Voucher> window = v -> true;
        window = window.and(timeWindow(query, "updated_at", v -> v.updatedAt));
        window = window.and(timeWindow(query, "created_at", v -> v.createdAt));
        List<Voucher> matching = vouchers.stream().filter(window).sorted(comparator).toList();
        ArrayNode items = JSON.createArrayNode();
        matching.stream().skip((long) (page - 1) * limit).limit(limit).forEach(v -> items.add(voucherJson(v, false)));
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        body.put("data_ref", "vouchers");
        body.set("vouchers", items);
        body.put("total", matching.size());
        return Answer.ok(body);
    }

    private Answer listTransactions(Voucher voucher, Map<String, String> query) {
        int limit = intParam(query, "limit", 10, 1, 100);
        String order = query.getOrDefault("order", "-id");
        if (!"id".equals(order) && !"-id".equals(order)) {
            throw new InvalidQuery("Property .order should be one of id, -id");
        }
        boolean descending = order.startsWith("-");
        String after = query.get("starting_after_id");
        Comparator<Transaction> byId = Comparator.comparing(t -> t.id);
        List<Transaction> ordered = transactions.stream()
                .filter(t -> t.voucherId.equals(voucher.id))
                .filter(t -> after == null || (descending ? t.id.compareTo(after) < 0 : t.id.compareTo(after) > 0))
                .sorted(descending ? byId.reversed() : byId)
                .toList();
        List<Transaction> page = ordered.subList(0, Math.min(limit, ordered.size()));
        boolean hasMore = ordered.size() > page.size();
        ArrayNode data = JSON.createArrayNode();
        page.forEach(t -> data.add(transactionJson(t)));
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        body.put("data_ref", "data");
        body.set("data", data);
        body.put("has_more", hasMore);
        body.put("more_starting_after", hasMore ? page.get(page.size() - 1).id : null);
        return Answer.ok(body);
    }

    private Voucher findVoucher(String codeOrId) {
        return vouchers.stream().filter(v -> v.code.equals(codeOrId) || v.id.equals(codeOrId)).findFirst()
                .orElse(null);
    }

    /** {@code name[after]} / {@code name[before]}, both strict, as Voucherify's deepObject filters. */
    private static Predicate<Voucher> timeWindow(Map<String, String> query, String name,
            Function<Voucher, Instant> field) {
        Instant after = instantParam(query, name, "after");
        Instant before = instantParam(query, name, "before");
        return v -> (after == null || field.apply(v).isAfter(after))
                && (before == null || field.apply(v).isBefore(before));
    }

    private static Instant instantParam(Map<String, String> query, String name, String bound) {
        String value = query.get(name + "[" + bound + "]");
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new InvalidQuery("Property ." + name + "." + bound
                        + " cannot be recognized as a ISO-8601 compliant date");
            }
        }
    }

    private static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidQuery("Property ." + name + " should be an integer");
        }
        if (number < min || number > max) {
            throw new InvalidQuery("Property ." + name + " should be between " + min + " and " + max);
        }
        return number;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    // ---------------------------------------------------------------- answers

    private Answer rateLimited(Duration retryAfter) {
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        Answer answer = Answer.error(429, "too_many_requests", "API limit reached",
                "You have reached the limit of " + RATE_LIMIT + " API calls per minute", null, null);
        answer.headers.put("Retry-After", Long.toString(seconds));
        answer.headers.put("X-Rate-Limit-Limit", Integer.toString(RATE_LIMIT));
        answer.headers.put("X-Rate-Limit-Remaining", "0");
        answer.headers.put("X-Rate-Limit-Retry", Long.toString(Instant.now().getEpochSecond() + seconds));
        answer.headers.put("X-Rate-Limit-Type", "api_calls");
        return answer;
    }

    private static Answer failed(int status) {
        return switch (status) {
            case 500 -> Answer.error(500, "internal_error", "Internal Server Error",
                    "An internal API error occurred", null, null);
            case 502 -> Answer.error(502, "bad_gateway", "Bad Gateway", "The upstream server failed", null, null);
            case 503 -> Answer.error(503, "service_unavailable", "Service Unavailable",
                    "The service is temporarily unavailable", null, null);
            default -> Answer.error(status, "error", "Error " + status, "Injected by the test", null, null);
        };
    }

    private static Answer notFound(String id, String type) {
        return Answer.error(404, "not_found", "Resource not found", "Cannot find " + type + " with id " + id, id,
                type);
    }

    private static Answer notFoundRoute(String path) {
        return Answer.error(404, "not_found", "Resource not found", "No such endpoint: " + path, null, null);
    }

    private ObjectNode voucherJson(Voucher v, boolean single) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", v.id);
        json.put("code", v.code);
        json.put("campaign", v.campaignId == null ? null : "Gift Cards");
        json.put("campaign_id", v.campaignId);
        json.putNull("category");
        json.putNull("category_id");
        json.set("categories", JSON.createArrayNode());
        json.put("type", v.type);
        if ("DISCOUNT_VOUCHER".equals(v.type)) {
            ObjectNode discount = json.putObject("discount");
            discount.put("type", "AMOUNT");
            discount.put("amount_off", 400);
            discount.put("effect", "APPLY_TO_ORDER");
        } else {
            json.putNull("discount");
        }
        if ("GIFT_VOUCHER".equals(v.type)) {
            ObjectNode gift = json.putObject("gift");
            gift.put("amount", v.amount);
            gift.put("subtracted_amount", v.subtractedAmount);
            gift.put("balance", v.balance);
            gift.put("effect", "APPLY_TO_ORDER");
        } else {
            json.putNull("gift");
        }
        if ("LOYALTY_CARD".equals(v.type)) {
            ObjectNode loyalty = json.putObject("loyalty_card");
            loyalty.put("points", 0);
            loyalty.put("balance", 0);
        } else {
            json.putNull("loyalty_card");
        }
        json.putNull("start_date");
        json.putNull("expiration_date");
        json.putNull("validity_timeframe");
        json.putNull("validity_day_of_week");
        json.put("active", true);
        json.putNull("additional_info");
        json.putObject("metadata");
        ObjectNode assets = json.putObject("assets");
        for (String kind : List.of("qr", "barcode")) {
            ObjectNode asset = assets.putObject(kind);
            asset.put("id", "U2FsdGVkX1" + v.id.substring(2));
            asset.put("url", url() + "/assets/" + kind + "/" + v.id);
        }
        json.put("is_referral_code", false);
        json.put("created_at", TIME.format(v.createdAt));
        json.put("updated_at", TIME.format(v.updatedAt));
        json.put("holder_id", v.holderId);
        if (single) {
            ObjectNode rules = json.putObject("validation_rules_assignments");
            rules.put("object", "list");
            rules.put("data_ref", "data");
            rules.set("data", JSON.createArrayNode());
            rules.put("total", 0);
        }
        ObjectNode redemption = json.putObject("redemption");
        redemption.putNull("quantity");
        redemption.put("redeemed_quantity", v.redeemedQuantity);
        if ("GIFT_VOUCHER".equals(v.type)) {
            redemption.put("redeemed_amount", v.redeemedAmount);
        }
        redemption.put("object", "list");
        redemption.put("url", "/v1/vouchers/" + v.code + "/redemptions?page=1&limit=10");
        ObjectNode publish = json.putObject("publish");
        publish.put("object", "list");
        publish.put("count", v.holderId == null ? 0 : 1);
        publish.put("url", "/v1/vouchers/" + v.code + "/publications?page=1&limit=10");
        json.put("object", "voucher");
        return json;
    }

    private static ObjectNode transactionJson(Transaction t) {
        boolean manual = t.type.equals("CREDITS_ADDITION") || t.type.equals("CREDITS_REMOVAL");
        ObjectNode json = JSON.createObjectNode();
        json.put("id", t.id);
        // As the spec's example: a manual change comes through the API; a redemption or refund has no source.
        json.put("source_id", manual ? t.id.replace("vtx_", "src_") : null);
        json.put("voucher_id", t.voucherId);
        json.put("campaign_id", t.campaignId);
        json.put("source", manual ? "API" : null);
        json.put("reason", manual ? (t.amount > 0 ? "Adding credits to card" : "Subtracting credits from card")
                : null);
        json.put("type", t.type);
        ObjectNode details = json.putObject("details");
        ObjectNode balance = details.putObject("balance");
        balance.put("type", "gift_voucher");
        balance.put("total", t.total);
        balance.put("amount", t.amount);
        balance.put("object", "balance");
        balance.put("balance", t.balanceAfter);
        ObjectNode related = balance.putObject("related_object");
        related.put("id", t.voucherId);
        related.put("type", "voucher");
        if (!manual) {
            String suffix = t.id.substring(4);
            ObjectNode order = details.putObject("order");
            order.put("id", "ord_" + suffix);
            order.putNull("source_id");
            details.putObject("redemption").put("id", "r_" + suffix);
            if (t.type.equals("CREDITS_REFUND")) {
                details.putObject("rollback").put("id", "rr_" + suffix);
            }
        }
        json.putNull("related_transaction_id");
        json.put("created_at", TIME.format(t.createdAt));
        return json;
    }

    private ObjectNode customerJson(Customer c) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", c.id);
        json.put("source_id", c.sourceId);
        json.put("name", c.name);
        json.putNull("description");
        json.put("email", c.email);
        json.putNull("phone");
        json.putNull("birthdate");
        json.putNull("address");
        ObjectNode summary = json.putObject("summary");
        ObjectNode redemptions = summary.putObject("redemptions");
        for (String total : List.of("total_redeemed", "total_failed", "total_succeeded", "total_rolled_back",
                "total_rollback_failed", "total_rollback_succeeded")) {
            redemptions.put(total, 0);
        }
        ObjectNode gift = redemptions.putObject("gift");
        gift.put("redeemed_amount", 0);
        gift.put("amount_to_go", 0);
        ObjectNode orders = summary.putObject("orders");
        orders.put("total_amount", 0);
        orders.put("total_count", 0);
        orders.put("average_amount", 0);
        ObjectNode loyalty = json.putObject("loyalty");
        loyalty.put("points", 0);
        loyalty.put("referred_customers", 0);
        loyalty.putObject("campaigns");
        ObjectNode referrals = json.putObject("referrals");
        referrals.put("total", 0);
        referrals.set("campaigns", JSON.createArrayNode());
        json.set("metadata", JSON.valueToTree(c.metadata));
        json.putObject("system_metadata");
        json.put("created_at", TIME.format(c.createdAt));
        json.put("updated_at", TIME.format(c.createdAt));
        json.putObject("assets").put("cockpit_url", url() + "/cockpit/" + c.id);
        json.put("object", "customer");
        return json;
    }

    // ---------------------------------------------------------------- the objects

    public static final class Customer {
        private final FakeVoucherify owner;
        private final String id;
        private final String sourceId;
        private final String name;
        private final String email;
        private final Instant createdAt;
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Customer(FakeVoucherify owner, String id, String name, String email, Instant createdAt) {
            this.owner = owner;
            this.id = id;
            this.sourceId = email; // as the spec's example; null without an email
            this.name = name;
            this.email = email;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public String name() {
            return name;
        }

        public String email() {
            return email;
        }

        /** {@code metadata.locale}, or null. */
        public String locale() {
            synchronized (owner.lock) {
                return (String) metadata.get("locale");
            }
        }

        /** Another metadata entry (null: remove it). */
        public Customer metadata(String key, Object value) {
            synchronized (owner.lock) {
                if (value == null) {
                    metadata.remove(key);
                } else {
                    metadata.put(key, value);
                }
            }
            return this;
        }
    }

    public static final class Voucher {
        private static final AtomicLong SEQUENCE = new AtomicLong();
        private final FakeVoucherify owner;
        private final long sequence = SEQUENCE.incrementAndGet();
        private final String id;
        private final String code;
        private final String type;
        private final String campaignId;
        private final String holderId;
        private final Instant createdAt;
        private Instant updatedAt;
        private long amount;
        private long subtractedAmount;
        private long balance;
        private long redeemedAmount;
        private int redeemedQuantity;

        private Voucher(FakeVoucherify owner, String id, String code, String type, String campaignId,
                String holderId, Instant createdAt, Instant updatedAt) {
            this.owner = owner;
            this.id = id;
            this.code = code;
            this.type = type;
            this.campaignId = campaignId;
            this.holderId = holderId;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }

        public String id() {
            return id;
        }

        public String code() {
            return code;
        }

        public String type() {
            return type;
        }

        public String campaignId() {
            return campaignId;
        }

        public String holderId() {
            return holderId;
        }

        public Instant createdAt() {
            return createdAt;
        }

        public Instant updatedAt() {
            synchronized (owner.lock) {
                return updatedAt;
            }
        }

        /** {@code gift.balance}, as the API answers it (after any {@link FakeVoucherify#setBalance}). */
        public long balance() {
            synchronized (owner.lock) {
                return balance;
            }
        }

        /** {@code gift.amount}. */
        public long amount() {
            synchronized (owner.lock) {
                return amount;
            }
        }

        /** {@code gift.subtracted_amount}. */
        public long subtractedAmount() {
            synchronized (owner.lock) {
                return subtractedAmount;
            }
        }
    }

    /** A {@code VoucherTransaction}; immutable. */
    public static final class Transaction {
        private final String id;
        private final String voucherId;
        private final String campaignId;
        private final String type;
        private final long amount;
        private final long total;
        private final long balanceAfter;
        private final Instant createdAt;

        private Transaction(String id, String voucherId, String campaignId, String type, long amount, long total,
                long balanceAfter, Instant createdAt) {
            this.id = id;
            this.voucherId = voucherId;
            this.campaignId = campaignId;
            this.type = type;
            this.amount = amount;
            this.total = total;
            this.balanceAfter = balanceAfter;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public String voucherId() {
            return voucherId;
        }

        public String type() {
            return type;
        }

        /** {@code details.balance.amount}, signed. */
        public long amount() {
            return amount;
        }

        /** {@code details.balance.balance}: the card's balance after this transaction. */
        public long balanceAfter() {
            return balanceAfter;
        }

        public Instant createdAt() {
            return createdAt;
        }
    }

    // ---------------------------------------------------------------- internals

    private enum FaultKind { RATE_LIMIT, FAIL, STALL }

    private static final class Fault {
        final FaultKind kind;
        int remaining;
        final int status;
        final Duration duration;

        Fault(FaultKind kind, int remaining, int status, Duration duration) {
            this.kind = kind;
            this.remaining = remaining;
            this.status = status;
            this.duration = duration;
        }
    }

    private static final class Answer {
        final int status;
        final ObjectNode body;
        final Map<String, String> headers = new LinkedHashMap<>();

        private Answer(int status, ObjectNode body) {
            this.status = status;
            this.body = body;
        }

        static Answer ok(ObjectNode body) {
            return new Answer(200, body);
        }

        /** Voucherify's {@code Error} object. */
        static Answer error(int status, String key, String message, String details, String resourceId,
                String resourceType) {
            ObjectNode body = JSON.createObjectNode();
            body.put("code", status);
            if (key != null) {
                body.put("key", key);
            }
            body.put("message", message);
            body.put("details", details);
            body.put("request_id", "v-" + hex(18));
            if (resourceId != null) {
                body.put("resource_id", resourceId);
                body.put("resource_type", resourceType);
            }
            return new Answer(status, body);
        }
    }

    private static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Voucherify's times have milliseconds; so do this fake's, so that filters and JSON agree. */
    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static String random(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(ThreadLocalRandom.current().nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private static String hex(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return id.toString();
    }
}
