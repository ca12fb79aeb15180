package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** {@link CsvTable} and {@link CsvCells}: what a spreadsheet sees, and that every text value comes back. */
class CsvTableTest {

    @Property(tries = 2000)
    void everyTextComesBackAndNoTextCellStartsLikeAFormula(
            @ForAll @StringLength(max = 8) @Chars({'=', '+', '-', '@', '\t', '\r', '\n', '\'', '"', ',', ';', 'a', '1', ' '})
            String text) throws Exception {
        StringWriter out = new StringWriter();
        CsvTable table = new CsvTable(out, List.of("text", "number"));
        table.row(text, -42L);

        CSVRecord row = parse(out.toString()).get(0);
        assertThat(CsvCells.original(row.get("text"))).isEqualTo(text);
        assertThat(row.get("text")).doesNotMatch("(?s)[=+\\-@\t\r].*");
        assertThat(row.get("number")).isEqualTo("-42");
        if (CsvCells.startsLikeFormula(text)) {
            assertThat(out.toString()).contains("\n\"'");
        }
    }

    @Test
    void numbersStayNumbersAndOnlyNeutralisedCellsAreQuoted() throws Exception {
        StringWriter out = new StringWriter();
        CsvTable table = new CsvTable(out, List.of("a", "b", "c", "d", "e"));
        table.row(-5L, -0.25, "-5", "plain", "=1+2");

        assertThat(out.toString()).isEqualTo("a,b,c,d,e\r\n-5,-0.25,\"'-5\",plain,\"'=1+2\"\r\n");
    }

    private static List<CSVRecord> parse(String text) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    }
}
