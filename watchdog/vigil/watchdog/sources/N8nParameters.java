package vigil.watchdog.sources;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading an n8n node's parameters: n8n's default where the workflow leaves one out (its editor
 * saves only what differs from the default), and an expression told apart from a value. A text
 * starting with {@code =} is an expression; with a {@code {{ … }}} in it, its value is known only
 * when the workflow runs, without one it is the text after the {@code =}.
 */
final class N8nParameters {
    private static final int SHOWN = 60;

    private N8nParameters() {}

    /** A parameter Vigil cannot know the value of: the message says which and why. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    static boolean expression(String text) {
        return text.startsWith("=") && text.contains("{{");
    }

    /** The text a literal parameter stands for: without the {@code =} of an expression holding none. */
    static String literal(String text) {
        return text.startsWith("=") ? text.substring(1) : text;
    }

    static String text(JsonNode parent, String name, String otherwise) throws Unreadable {
        JsonNode value = parent.path(name);
        if (absent(value)) {
            return otherwise;
        }
        if (!value.isValueNode()) {
            throw new Unreadable("'" + name + "' is " + quoted(value) + ", not a text");
        }
        return literal(name, value.asText());
    }

    static int number(JsonNode parent, String name, int otherwise, int min, int max) throws Unreadable {
        JsonNode value = parent.path(name);
        return absent(value) ? otherwise : number(value, name, min, max);
    }

    /** A whole number, written as one or as a text (an expression's literal); within {@code min}-{@code max}. */
    static int number(JsonNode value, String name, int min, int max) throws Unreadable {
        long number;
        if (value.isIntegralNumber()) {
            number = value.asLong();
        } else if (value.isTextual() && literal(name, value.asText()).trim().matches("-?[0-9]{1,9}")) {
            number = Long.parseLong(literal(value.asText()).trim());
        } else {
            throw new Unreadable("'" + name + "' is " + quoted(value) + ", not a whole number");
        }
        if (number < min) {
            throw new Unreadable("'" + name + "' is " + number + ", below the least n8n takes (" + min + ")");
        }
        if (number > max) {
            throw new Unreadable("'" + name + "' is " + number + ", above the most n8n takes (" + max + ")");
        }
        return (int) number;
    }

    private static String literal(String name, String text) throws Unreadable {
        if (expression(text)) {
            throw new Unreadable(
                    "'" + name + "' is an n8n expression (" + shorten(text) + "), known only when it runs");
        }
        return literal(text);
    }

    /** A value as shown in a problem: on one line and short, so a long one cannot flood it. */
    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= SHOWN ? line : line.substring(0, SHOWN - 1) + "…";
    }

    static String quoted(JsonNode value) {
        return shorten(value.toString());
    }
}
