package vigil.watchdog.sources;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vigil.inventory.Definition.Handle;
import vigil.inventory.Definition.PlatformRoute;

/**
 * What a Pipeline job's inline script ({@code CpsFlowDefinition}'s {@code script}) names that Vigil
 * follows, found by its steps' written arguments rather than by running Groovy: credentials by
 * {@code credentialsId: 'id'} (withCredentials bindings, {@code git}, {@code checkout} …) and {@code
 * credentials('id')} (declarative {@code environment}), mail by the {@code to:} of the {@code
 * mail} and {@code emailext} steps. A step inside {@code post { success { … } }} or {@code post {
 * fixed { … } }} mails about success and is no error route. What is given by an expression ({@code
 * params.X}, {@code "${env.TEAM}"}) is resolved per build and is a problem quoting it. Comments are
 * skipped; braces inside strings do not count as blocks.
 */
final class JenkinsScript {
    private static final Pattern MAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern CREDENTIALS_ID = Pattern.compile("\\bcredentialsId\\s*:\\s*");
    private static final Pattern CREDENTIALS = Pattern.compile("\\bcredentials\\s*\\(\\s*");
    private static final Pattern STEP = Pattern.compile("\\b(mail|emailext)\\b(\\s*\\(|\\s+(?=\\w+\\s*:))");
    private static final Pattern TO = Pattern.compile("\\bto\\s*:\\s*");
    private static final Pattern LITERAL = Pattern.compile("'([^'\\\\\\n]*)'|\"([^\"\\\\\\n]*)\"");
    private static final Pattern EXPRESSION = Pattern.compile("[^,)\\]\\n]{1,80}");
    private static final Set<String> NOT_ERRORS = Set.of("success", "fixed");

    private final String script;
    /** The script with comments blanked and string contents masked: what is code. */
    private final String code;

    private JenkinsScript(String script) {
        this.script = script;
        this.code = skeleton(script);
    }

    /** What the script names, each with the script line it is written on; what cannot be followed in problems. */
    record Named(List<Handle> credentials, List<PlatformRoute> routes, List<String> problems) {}

    static Named read(String script) {
        return new JenkinsScript(script).named();
    }

    private Named named() {
        List<Handle> credentials = new ArrayList<>();
        List<PlatformRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Pattern p : List.of(CREDENTIALS_ID, CREDENTIALS)) {
            Matcher m = p.matcher(script);
            while (m.find()) {
                if (!isCode(m.start())) {
                    continue;
                }
                String where = "pipeline script line " + line(m.start());
                String id = literal(m.end());
                if (id == null || id.contains("${")) {
                    problems.add(where + ": credentials given by the expression '" + expression(m.end())
                            + "', resolved per build: Vigil cannot follow it");
                } else if (!id.isBlank()) {
                    credentials.add(new Handle(id.trim(), where));
                }
            }
        }
        Matcher step = STEP.matcher(code);
        while (step.find()) {
            String condition = postCondition(step.start());
            if (condition != null && NOT_ERRORS.contains(condition)) {
                continue;
            }
            String where = "pipeline script line " + line(step.start()) + ": " + step.group(1) + " step"
                    + (condition == null ? "" : " in post { " + condition + " }");
            Matcher to = TO.matcher(code).region(step.end(), end(step));
            if (!to.find()) {
                continue; // mails whom the build's recipient providers name: no fixed address
            }
            String value = literal(to.end());
            if (value == null) {
                problems.add(where + ": 'to' is the expression '" + expression(to.end())
                        + "', resolved per build: Vigil cannot follow it");
                continue;
            }
            for (String address : value.split("[,;\\s]+")) {
                if (address.isEmpty()) {
                    continue;
                }
                if (MAIL.matcher(address).matches()) {
                    routes.add(new PlatformRoute(address.toLowerCase(java.util.Locale.ROOT), where));
                } else {
                    problems.add(where + ": 'to' names '" + address + "', "
                            + (address.contains("$") ? "resolved per build" : "not a mail address")
                            + ": Vigil cannot follow it");
                }
            }
        }
        return new Named(credentials, routes, problems);
    }

    /** The contents of a quoted literal starting at {@code at}, or null when something else is written there. */
    private String literal(int at) {
        Matcher m = LITERAL.matcher(script).region(at, script.length());
        if (!m.lookingAt()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private String expression(int at) {
        Matcher m = EXPRESSION.matcher(script).region(at, script.length());
        return m.lookingAt() ? m.group().trim() : "";
    }

    /** Where a step's arguments end: its closing parenthesis, else the line not continued by a trailing comma. */
    private int end(Matcher step) {
        int i = step.end();
        if (step.group(2).trim().equals("(")) {
            int depth = 1;
            for (; i < code.length() && depth > 0; i++) {
                char c = code.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            return i;
        }
        while (true) {
            int eol = code.indexOf('\n', i);
            if (eol < 0) {
                return code.length();
            }
            if (!code.substring(i, eol).trim().endsWith(",")) {
                return eol;
            }
            i = eol + 1;
        }
    }

    /** The post condition a position is in ({@code failure}, {@code always} …), or null. */
    private String postCondition(int at) {
        Deque<String> blocks = new ArrayDeque<>();
        for (int i = 0; i < at; i++) {
            char c = code.charAt(i);
            if (c == '{') {
                blocks.push(blockName(i));
            } else if (c == '}' && !blocks.isEmpty()) {
                blocks.pop();
            }
        }
        List<String> outward = new ArrayList<>(blocks);
        for (int k = outward.size() - 1; k > 0; k--) {
            if (outward.get(k).equals("post")) {
                return outward.get(k - 1);
            }
        }
        return null;
    }

    /** The word before a brace, past one parenthesised argument list: {@code stage('x') {} → stage. */
    private String blockName(int brace) {
        int i = brace - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        if (i >= 0 && code.charAt(i) == ')') {
            int depth = 0;
            for (; i >= 0; i--) {
                char c = code.charAt(i);
                depth += c == ')' ? 1 : c == '(' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            i--;
            while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
                i--;
            }
        }
        int endWord = i + 1;
        while (i >= 0 && Character.isJavaIdentifierPart(code.charAt(i))) {
            i--;
        }
        return code.substring(i + 1, endWord);
    }

    private boolean isCode(int at) {
        return code.charAt(at) == script.charAt(at);
    }

    private int line(int at) {
        int n = 1;
        for (int i = 0; i < at; i++) {
            if (script.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The script with comments turned to spaces and every string's contents to {@code _} (quotes
     * and newlines kept, so positions and lines stay those of the script): Groovy's {@code //} and
     * {@code /* *}{@code /} comments, {@code '…'}, {@code "…"}, {@code '''…'''} and {@code """…"""}
     * strings with backslash escapes.
     */
    private static String skeleton(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int eol = s.indexOf('\n', i);
                i = blank(s, b, i, eol < 0 ? s.length() : eol, ' ');
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                i = blank(s, b, i, close < 0 ? s.length() : close + 2, ' ');
            } else if (c == '\'' || c == '"') {
                String quote = s.startsWith(String.valueOf(c).repeat(3), i)
                        ? String.valueOf(c).repeat(3)
                        : String.valueOf(c);
                b.append(quote);
                int j = i + quote.length();
                while (j < s.length() && !s.startsWith(quote, j)) {
                    j += s.charAt(j) == '\\' && j + 1 < s.length() ? 2 : 1;
                }
                j = Math.min(j, s.length());
                blank(s, b, i + quote.length(), j, '_');
                if (j < s.length()) {
                    b.append(quote);
                }
                i = Math.min(j + quote.length(), s.length());
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** Appends {@code s[from, to)} as {@code fill}, newlines kept; returns {@code to}. */
    private static int blank(String s, StringBuilder b, int from, int to, char fill) {
        for (int k = from; k < to; k++) {
            b.append(s.charAt(k) == '\n' ? '\n' : fill);
        }
        return to;
    }
}
