package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * The explorer UI in Debian's chromium, headless, driven by Selenium through Debian's chromedriver (no browser is
 * downloaded): log in, overview → block → transaction → entity timeline, export an evidence bundle (verified offline),
 * verify a document by dropping it on the page, search, and page past a search's first 200 results with "More". A
 * screenshot of each page is kept in {@code target/explorer-screenshots/}. The test command installs chromium and
 * chromium-driver when missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerUiIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SILKROAD_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("SILKROAD_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
    private static final Path DOWNLOADS = Path.of("target", "explorer-downloads").toAbsolutePath();
    private static final Random RANDOM = new Random();

    private static LocalNetwork network;
    private static LocalNetwork.State cn;
    private static WebDriver browser;
    private static WebDriverWait wait;
    private static String requestId;
    private static JsonNode ping;
    private static Path document;
    private static String documentSha256;

    @BeforeAll
    static void startBrowserAndRecordSomething() throws Exception {
        assertThat(CHROMIUM).as("chromium (apt-get install chromium; the test command does it)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
        network = LocalNetwork.load();
        cn = network.state("CN");

        requestId = "ui-" + UUID.randomUUID();
        ping = submitPing(requestId);
        // A document registered by its hash: any 64-hex value written to the ledger is indexed as a document hash.
        Path dir = Files.createTempDirectory("explorer-ui");
        document = dir.resolve("bill-of-lading-" + requestId + ".txt");
        Files.writeString(document, "Electronic bill of lading " + requestId + "\nShipper: CN exporter\n");
        documentSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(document)));
        long lastBlock = submitPing(documentSha256).path("blockNumber").asLong();
        awaitIndexed(lastBlock);

        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(DOWNLOADS);
        try (var old = Files.list(DOWNLOADS)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root in a container has no user namespace for chromium's sandbox.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-gpu");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", DOWNLOADS.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static JsonNode submitPing(String id) {
        HttpResponse<String> response = network.postJson(cn, "/api/v1/system/pings", cn.apiKey("business-1"),
                "{\"requestId\":\"" + id + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return LocalNetwork.json(response.body());
    }

    private static void awaitIndexed(long block) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (LocalNetwork.json(network.get(cn, "/api/v1/explorer/status", cn.apiKey("court")).body())
                .path("indexedHeight").asLong() <= block) {
            assertThat(System.nanoTime()).as("CN explorer indexed block %d in time", block).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebElement title(String text) throws IOException {
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-title"), text));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("failed-waiting-for-" + text.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("page '" + text + "' did not show; the page says: "
                    + browser.findElement(By.id("main")).getText(), e);
        }
        return browser.findElement(By.id("page-title"));
    }

    private static void logIn(String identity) {
        browser.get(cn.gatewayUrl().resolve("/explorer").toString());
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.clear();
        key.sendKeys(cn.apiKey(identity));
        browser.findElement(By.id("login-button")).click();
    }

    @Test
    @Order(1)
    void a_business_cannot_log_in() throws IOException {
        logIn("business-1");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"),
                "only courts and regulators may"));
        screenshot("01-login-refused-for-a-business");
    }

    @Test
    @Order(2)
    void a_court_clicks_from_the_overview_to_a_block_a_transaction_and_an_entity_timeline() throws Exception {
        logIn("court");
        title("Overview");
        long block = ping.path("blockNumber").asLong();
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#recent-blocks a[href='#/block/" + (block + 1) + "']")));
        assertThat(browser.findElements(By.cssSelector("#states tbody tr"))).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#consenters tbody tr"))).hasSize(4);
        assertThat(browser.findElement(By.id("tpm-chart")).findElements(By.cssSelector("rect.bar"))).hasSize(60);
        assertThat(browser.findElement(By.id("indexing")).getText()).contains("Index up to date");
        screenshot("02-overview");

        browser.findElement(By.cssSelector("#recent-blocks a[href='#/block/" + block + "']")).click();
        title("Block " + block);
        String txId = ping.path("transactionId").asString();
        WebElement txLink = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#block-transactions a[href='#/tx/" + txId + "']")));
        screenshot("03-block");

        txLink.click();
        title("Transaction");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "CNMSP/business-1 (state CNMSP, role business)"));
        assertThat(browser.findElements(By.cssSelector("#endorsements tbody tr")).size()).isGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.id("event-payload")).getText()).contains(requestId);
        screenshot("04-transaction");

        browser.findElement(By.linkText("silkroad.system.ping/" + requestId)).click();
        title("History of silkroad.system.ping/" + requestId);
        List<WebElement> versions = browser.findElements(By.cssSelector("#timeline li"));
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).getText()).contains("version 1").contains("system:ping");
        screenshot("05-entity-timeline");
    }

    @Test
    @Order(3)
    void the_court_exports_the_entity_evidence_bundle_which_verifies_offline() throws Exception {
        browser.findElement(By.id("export-bundle")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bundle-download")));
        Path bundle = DOWNLOADS.resolve("evidence-bundle.json");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Files.isRegularFile(bundle)
                && !Files.exists(DOWNLOADS.resolve("evidence-bundle.json.crdownload")));
        screenshot("06-bundle-exported");

        assertThat(Files.readString(bundle, StandardCharsets.UTF_8)).contains("\"format\" : \"silkroad-evidence-bundle/1\"");
        LocalNetwork.CommandOutcome outcome = OpsTool.verify(bundle);
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("transaction " + ping.path("transactionId").asString()).contains("VERIFIED");
        Files.copy(bundle, SCREENSHOTS.resolve("06-evidence-bundle.json"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(4)
    void the_court_verifies_a_document_by_its_hash_computed_in_the_browser() throws Exception {
        browser.findElement(By.id("nav-verify")).click();
        title("Verify a document");
        browser.findElement(By.id("document-file")).sendKeys(document.toAbsolutePath().toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-verdict"), "Registered"));
        assertThat(browser.findElement(By.id("verify-result")).getText()).contains(documentSha256);
        assertThat(browser.findElements(By.cssSelector("#document-matches tbody tr"))).isNotEmpty();
        screenshot("07-document-registered");

        Path altered = document.resolveSibling("altered.txt");
        Files.writeString(altered, Files.readString(document) + " ");
        browser.findElement(By.id("document-file")).sendKeys(altered.toAbsolutePath().toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-verdict"), "Not registered"));
        screenshot("08-document-not-registered");
    }

    @Test
    @Order(5)
    void the_court_searches_by_business_id() throws Exception {
        search(requestId);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#entities tbody tr")));
        assertThat(browser.findElement(By.id("search-transactions")).getText()).contains("system:ping");
        screenshot("09-search");
    }

    /**
     * A search shows the first 200 transactions and entities that name an ID; "More" appends the rest. The ID here is
     * a new currency's code, an attribute of every note key of it. Issuances of one currency conflict with each other
     * (each updates its supply), payments by different payers do not: eight wallets get one note each, then pay 26
     * times each side by side, every payment writing two notes.
     */
    @Test
    @Order(6)
    void the_court_pages_past_the_first_200_transactions_and_entities_of_an_id() throws Exception {
        String code = "U" + (char) ('A' + RANDOM.nextInt(26)) + (char) ('A' + RANDOM.nextInt(26));
        LocalNetwork.ok(network.postJson(cn, "/api/v1/currencies", cn.apiKey("central-bank"),
                "{\"code\":\"" + code + "\",\"decimals\":0}"));
        List<String> payers = List.of("bank", "business-1", "carrier", "central-bank", "court", "customs", "ehub",
                "regulator");
        for (String wallet : Stream.concat(payers.stream(), Stream.of("business-2")).toList()) {
            LocalNetwork.ok(network.putJson(cn, "/api/v1/wallets/me", cn.apiKey(wallet), null));
        }
        for (String payer : payers) {
            LocalNetwork.ok(network.postJson(cn, "/api/v1/currencies/" + code + "/issuances", cn.apiKey("central-bank"),
                    "{\"requestId\":\"ui-more-%s\",\"wallet\":\"CNMSP/%s\",\"amount\":\"100\"}"
                            .formatted(UUID.randomUUID(), payer)));
        }
        String paymentRequest = "{\"paymentId\":\"ui-more-%s\",\"currency\":\"" + code
                + "\",\"payee\":\"CNMSP/business-2\",\"amount\":\"1\"}";
        ExecutorService workers = Executors.newFixedThreadPool(payers.size());
        List<JsonNode> payments = new ArrayList<>();
        try {
            List<Future<List<JsonNode>>> perPayer = new ArrayList<>();
            for (String payer : payers) {
                perPayer.add(workers.submit(() -> {
                    List<JsonNode> made = new ArrayList<>();
                    for (int i = 0; i < 26; i++) {
                        made.add(LocalNetwork.ok(network.postJson(cn, "/api/v1/payments", cn.apiKey(payer),
                                paymentRequest.formatted(UUID.randomUUID()))));
                    }
                    return made;
                }));
            }
            for (Future<List<JsonNode>> made : perPayer) {
                payments.addAll(made.get(3, TimeUnit.MINUTES));
            }
        } finally {
            workers.shutdownNow();
        }
        Set<String> paymentTxIds = new HashSet<>();
        Set<String> noteKeys = new HashSet<>();
        for (JsonNode payment : payments) {
            paymentTxIds.add(payment.path("txId").asString());
            for (JsonNode output : payment.path("outputs")) {
                noteKeys.add("silkroad.currency.note/" + output.path("wallet").asString() + "/" + code + "/"
                        + output.path("noteId").asString());
            }
        }
        assertThat(paymentTxIds).hasSize(208);
        awaitIndexed(submitPing("ui-more-" + UUID.randomUUID()).path("blockNumber").asLong());

        search(code);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("more-transactions")));
        assertThat(browser.findElements(By.cssSelector("#search-transactions tbody tr"))).hasSize(200);
        assertThat(browser.findElements(By.cssSelector("#entities tbody tr"))).hasSize(200);
        screenshot("10-search-first-200");

        clickMoreUntilGone("more-transactions");
        List<String> txIds = browser.findElements(By.cssSelector("#search-transactions tbody tr td:nth-child(2) a"))
                .stream().map(a -> URLDecoder.decode(a.getDomAttribute("href").substring("#/tx/".length()),
                        StandardCharsets.UTF_8)).toList();
        assertThat(txIds).doesNotHaveDuplicates().hasSizeGreaterThan(200).containsAll(paymentTxIds);

        clickMoreUntilGone("more-entities");
        List<String> keys = browser.findElements(By.cssSelector("#entities tbody tr td:first-child a")).stream()
                .map(WebElement::getText).toList();
        assertThat(keys).doesNotHaveDuplicates().hasSizeGreaterThan(400).containsAll(noteKeys);
        screenshot("11-search-after-more");
    }

    /** Searches from the search box at the top of every page and waits for the results page. */
    private static void search(String text) throws IOException {
        WebElement box = browser.findElement(By.id("search-input"));
        box.clear();
        box.sendKeys(text);
        browser.findElement(By.id("search-button")).click();
        title("Search: " + text);
    }

    /** Clicks a "More" button until the list has no next page and the button is gone. */
    private static void clickMoreUntilGone(String buttonId) {
        for (int pages = 0; !browser.findElements(By.id(buttonId)).isEmpty(); pages++) {
            assertThat(pages).as("pages behind %s", buttonId).isLessThan(20);
            WebElement more = wait.until(ExpectedConditions.elementToBeClickable(By.id(buttonId)));
            int rows = browser.findElements(By.cssSelector("tbody tr")).size();
            more.click();
            wait.until(d -> d.findElements(By.cssSelector("tbody tr")).size() > rows
                    || d.findElements(By.id(buttonId)).isEmpty());
        }
    }
}
