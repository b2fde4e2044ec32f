package vigil.watchdog.sources;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;

/**
 * What Vigil reads of a job's {@code config.xml}, the job as Jenkins' XStream writes it: root
 * {@code project} (freestyle), {@code flow-definition} (Pipeline), {@code matrix-project} … with
 * {@code disabled}; the {@code spec} of a {@code hudson.triggers.TimerTrigger} in the job's {@code
 * triggers} or, for a Pipeline, in {@code properties/…PipelineTriggersJobProperty/triggers}; every
 * {@code credentialsId} element wherever a plugin keeps one (credentials bindings, SCM remotes …);
 * the recipients of the {@code hudson.tasks.Mailer} publisher ({@code recipients}, separated by
 * spaces or commas) and of the {@code hudson.plugins.emailext.ExtendedEmailPublisher} ({@code
 * recipientList}, when a trigger other than a success one mails the list, and each such trigger's
 * own {@code email/recipientList}); and a Pipeline's inline {@code definition/script}, read by
 * {@link JenkinsScript}.
 *
 * <p>The XML is parsed with the JDK's parser refusing any DOCTYPE, so no entity is expanded and no
 * file or address is read for one (XXE); a config that does not parse is a problem, not an error.
 */
final class JenkinsJobConfig {
    private static final Pattern MAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final String TIMER = "hudson.triggers.TimerTrigger";
    private static final String PIPELINE_TRIGGERS =
            "org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty";
    private static final String MAILER = "hudson.tasks.Mailer";
    private static final String EMAIL_EXT = "hudson.plugins.emailext.ExtendedEmailPublisher";
    private static final String LIST_PROVIDER = "hudson.plugins.emailext.plugins.recipients.ListRecipientProvider";
    /** email-ext triggers that mail about a success, not an error. */
    private static final Set<String> SUCCESS_TRIGGERS = Set.of(
            "SuccessTrigger",
            "FixedTrigger",
            "FixedUnhealthyTrigger",
            "ImprovementTrigger",
            "PreBuildTrigger",
            "PreBuildScriptTrigger");

    /** What the config says; {@code specs} are the timer triggers' specs as written. */
    record Read(
            boolean disabled,
            List<String> specs,
            List<Handle> credentials,
            List<PlatformRoute> routes,
            List<String> problems) {}

    private final List<String> specs = new ArrayList<>();
    private final List<Handle> credentials = new ArrayList<>();
    private final List<PlatformRoute> routes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private JenkinsJobConfig() {}

    static Read read(String xml) {
        Document doc;
        try {
            doc = parser().parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            return unreadable("line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            return unreadable(e.getMessage());
        }
        return new JenkinsJobConfig().read(doc.getDocumentElement());
    }

    private static Read unreadable(String why) {
        return new Read(
                false,
                List.of(),
                List.of(),
                List.of(),
                List.of("its config.xml is not XML Vigil reads (" + why + "): schedule, credentials and mail unknown"));
    }

    private Read read(Element job) {
        boolean disabled = text(child(job, "disabled")).equals("true");
        timers(child(job, "triggers"));
        timers(child(child(child(job, "properties"), PIPELINE_TRIGGERS), "triggers"));
        credentialIds(job);
        for (Element mailer : elements(job, MAILER)) {
            addresses(text(child(mailer, "recipients")), "E-mail Notification (Mailer) publisher");
        }
        for (Element ext : elements(job, EMAIL_EXT)) {
            emailExt(ext);
        }
        definition(child(job, "definition"));
        return new Read(disabled, specs, credentials, routes, problems);
    }

    private void timers(Element triggers) {
        for (Element timer : children(triggers, TIMER)) {
            Element spec = child(timer, "spec");
            specs.add(spec == null ? "" : spec.getTextContent()); // as written: Jenkins numbers its lines
        }
    }

    private void credentialIds(Element job) {
        for (Element id : elements(job, "credentialsId")) {
            String value = text(id);
            String where = "config.xml " + simple(id.getParentNode().getNodeName());
            if (value.contains("$")) {
                problems.add(where + ": credentialsId '" + value + "' is a parameter, resolved per build: Vigil"
                        + " cannot follow it");
            } else if (!value.isEmpty() && credentials.stream().noneMatch(h -> h.id().equals(value))) {
                credentials.add(new Handle(value, where));
            }
        }
    }

    /**
     * email-ext mails its {@code recipientList} for each trigger whose recipient providers include
     * the list (older configs: {@code sendToRecipientList}), and each trigger's own list.
     */
    private void emailExt(Element ext) {
        List<String> errorTriggers = new ArrayList<>();
        boolean mailsList = false;
        for (Element trigger : children(child(ext, "configuredTriggers"), null)) {
            String name = simple(trigger.getNodeName());
            if (SUCCESS_TRIGGERS.contains(name)) {
                continue;
            }
            errorTriggers.add(name);
            Element email = child(trigger, "email");
            mailsList |=
                    !children(child(email, "recipientProviders"), LIST_PROVIDER).isEmpty()
                            || text(child(email, "sendToRecipientList")).equals("true");
            addresses(text(child(email, "recipientList")), "Editable Email Notification (email-ext), " + name);
        }
        if (mailsList) {
            addresses(
                    text(child(ext, "recipientList")),
                    "Editable Email Notification (email-ext), " + String.join(", ", errorTriggers));
        }
    }

    /** Recipients as written in a publisher: addresses separated by spaces, commas or semicolons. */
    private void addresses(String written, String where) {
        for (String token : written.split("[\\s,;]+")) {
            String address = token.replaceFirst("^(?i)(cc|bcc|reply-to):", "");
            if (address.isEmpty()) {
                continue;
            }
            if (MAIL.matcher(address).matches()) {
                routes.add(new PlatformRoute(address.toLowerCase(Locale.ROOT), where));
            } else if (address.equals("$DEFAULT_RECIPIENTS")) {
                problems.add(where + ": '$DEFAULT_RECIPIENTS' is set in Jenkins' global email-ext configuration,"
                        + " which Vigil does not read");
            } else {
                problems.add(where + ": '" + address + "' is "
                        + (address.contains("$") ? "a variable resolved per build" : "not a mail address")
                        + ": Vigil cannot follow it");
            }
        }
    }

    /** A Pipeline's definition: an inline script is read; one from SCM cannot be. */
    private void definition(Element definition) {
        if (definition == null) {
            return;
        }
        String kind = definition.getAttribute("class");
        if (kind.endsWith(".CpsFlowDefinition")) {
            JenkinsScript.Named named = JenkinsScript.read(text(child(definition, "script")));
            named.credentials().stream()
                    .filter(h -> credentials.stream().noneMatch(c -> c.id().equals(h.id())))
                    .forEach(credentials::add);
            routes.addAll(named.routes());
            problems.addAll(named.problems());
        } else if (kind.endsWith(".CpsScmFlowDefinition") || kind.endsWith(".SCMBinder")) {
            String path = text(child(definition, "scriptPath"));
            problems.add("its Pipeline script comes from SCM (" + (path.isEmpty() ? "Jenkinsfile" : path)
                    + "): Vigil reads neither its mail steps nor the credentials it names there");
        } else {
            problems.add("its Pipeline definition " + simple(kind) + " is not one Vigil reads");
        }
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(QUIET);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened", e);
        }
    }

    /** Parse errors are thrown, not printed to standard error. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** {@code hudson.plugins.git.UserRemoteConfig} → {@code UserRemoteConfig}. */
    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The child elements of {@code parent} (none if null) named {@code name}, or all when null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getNodeName().equals(name))) {
                found.add(e);
            }
        }
        return found;
    }

    /** Every element named {@code name} below {@code root}. */
    private static List<Element> elements(Element root, String name) {
        List<Element> found = new ArrayList<>();
        NodeList list = root.getElementsByTagName(name);
        for (int i = 0; i < list.getLength(); i++) {
            found.add((Element) list.item(i));
        }
        return found;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().trim();
    }
}
