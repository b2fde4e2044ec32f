package vigil.inventory.load;

/** One mistake in a YAML file, printed as {@code FILE:LINE:COLUMN: message} (1-based, like compilers). */
public record Problem(String file, int line, int column, String message) implements Comparable<Problem> {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(Problem o) {
        int c = file.compareTo(o.file);
        if (c == 0) {
            c = Integer.compare(line, o.line);
        }
        if (c == 0) {
            c = Integer.compare(column, o.column);
        }
        return c == 0 ? message.compareTo(o.message) : c;
    }
}
