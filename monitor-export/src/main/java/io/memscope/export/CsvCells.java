package io.memscope.export;

/**
 * Keeps spreadsheets from running text cells of memscope's CSV files as formulas (CSV injection), the way
 * OWASP recommends: a text cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage
 * return is written with a single quote {@code '} in front (and quoted, see {@link CsvExport}), so Excel,
 * LibreOffice and Google Sheets show it as text. Cells that start with quotes followed by one of those
 * characters get one more quote too, so {@link #original} can always recover the value: the rule
 * "strip one leading {@code '} when the quotes at the start are followed by one of those characters" is exact.
 *
 * <p>Number cells are never changed ({@code -5} stays a number). Stateless; thread-safe. Cost: O(leading quotes).
 */
public final class CsvCells {
    private CsvCells() {
    }

    /**
     * Whether {@code text}, after any leading {@code '}, starts with one of {@code = + - @ \t \r}: such a value
     * is written with a quote in front.
     */
    public static boolean startsLikeFormula(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '\'') {
            i++;
        }
        return i < text.length() && "=+-@\t\r".indexOf(text.charAt(i)) >= 0;
    }

    /** The text as written to a CSV file: {@code "'" + text} when {@link #startsLikeFormula}, else {@code text}. */
    public static String neutralise(String text) {
        return startsLikeFormula(text) ? "'" + text : text;
    }

    /** The value a cell read back from a memscope CSV file stood for: the inverse of {@link #neutralise}. */
    public static String original(String cell) {
        return cell.startsWith("'") && startsLikeFormula(cell) ? cell.substring(1) : cell;
    }
}
