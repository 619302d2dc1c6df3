package dev.quell.schemas.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alertmanager's matcher syntax and semantics. */
class MatchersTest {

    @Test
    void shouldReadEveryOperatorWithAndWithoutBraces() {
        List<Matcher> braced = Matchers.parse("{alertname=\"ServiceDown\", severity!=\"info\", job=~\"data-api|agent-api\", env!~\"dev.*\"}");
        List<Matcher> bare = Matchers.parse("alertname=\"ServiceDown\",severity!=\"info\",job=~\"data-api|agent-api\",env!~\"dev.*\"");

        assertThat(braced).isEqualTo(bare);
        assertThat(braced).extracting(Matcher::type).containsExactly(Matcher.Type.EQUAL, Matcher.Type.NOT_EQUAL,
                Matcher.Type.REGEX, Matcher.Type.NOT_REGEX);
    }

    @Test
    void shouldTakeUnquotedValues() {
        assertThat(Matchers.parse("alertname = ServiceDown")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo("ServiceDown"));
    }

    @Test
    void shouldUnescapeQuotedValues() {
        Matcher matcher = Matchers.parse("summary=\"say \\\"hi\\\" \\\\ bye\\n\"").get(0);

        assertThat(matcher.value()).isEqualTo("say \"hi\" \\ bye\n");
        assertThat(Matchers.parse(matcher.toString())).containsExactly(matcher);
    }

    @Test
    void shouldKeepCommasAndBracesInsideQuotes() {
        assertThat(Matchers.parse("msg=\"a, b} c\"")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo("a, b} c"));
    }

    @Test
    void shouldAnchorRegularExpressions() {
        Matcher matcher = Matchers.parse("job=~\"api\"").get(0);

        assertThat(matcher.matches(Map.of("job", "api"))).isTrue();
        assertThat(matcher.matches(Map.of("job", "agent-api"))).as("anchored, so no partial match").isFalse();
    }

    @Test
    void shouldTreatAMissingLabelAsEmpty() {
        assertThat(Matchers.parse("team=\"\"").get(0).matches(Map.of("job", "x"))).isTrue();
        assertThat(Matchers.parse("team!=\"\"").get(0).matches(Map.of("job", "x"))).isFalse();
        assertThat(Matchers.parse("team!~\"data\"").get(0).matches(Map.of())).isTrue();
    }

    @Test
    void shouldRequireEveryMatcherOfAList() {
        List<Matcher> matchers = Matchers.parse("{severity=\"critical\", alertname=\"HighErrorRate\"}");

        assertThat(Matchers.allMatch(matchers, Map.of("severity", "critical", "alertname", "HighErrorRate"))).isTrue();
        assertThat(Matchers.allMatch(matchers, Map.of("severity", "warning", "alertname", "HighErrorRate"))).isFalse();
        assertThat(Matchers.allMatch(List.of(), Map.of())).isTrue();
    }

    @Test
    void shouldTakeSpacesBetweenEveryPartAndLabelNamesWithDotsAndColons() {
        List<Matcher> spaced = Matchers.parse("  {  alertname  =  \"ServiceDown\"  ,  k8s.pod:name !~ \"api-.*\"  }  ");

        assertThat(spaced).containsExactly(new Matcher("alertname", Matcher.Type.EQUAL, "ServiceDown"),
                new Matcher("k8s.pod:name", Matcher.Type.NOT_REGEX, "api-.*"));
        assertThat(Matchers.parse(" severity = critical , job=api ")).extracting(Matcher::value)
                .containsExactly("critical", "api");
    }

    @Test
    void shouldRefuseWhatIsLeftOverAndTakeABareValueToTheNextComma() {
        assertThatThrownBy(() -> Matchers.parse("alertname=x}")).hasMessageContaining("unexpected '}'");
        assertThatThrownBy(() -> Matchers.parse("alertname=\"x\" job=y")).hasMessageContaining("expected ',' between matchers");
        assertThat(Matchers.parse("alertname=x job=y")).as("a bare value runs to the next comma, as in Alertmanager's"
                + " classic parser").singleElement().satisfies(m -> assertThat(m.value()).isEqualTo("x job=y"));
        assertThatThrownBy(() -> Matchers.parse("{alertname=x} job=y")).hasMessageContaining("unexpected text after the matchers");
        assertThatThrownBy(() -> Matchers.parse("alertname=\"x\\")).hasMessageContaining("unterminated quoted value");
    }

    @Test
    void shouldRefuseMalformedMatchersSayingWhere() {
        assertThatThrownBy(() -> Matchers.parse("{alertname=\"x\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing closing '}'");
        assertThatThrownBy(() -> Matchers.parse("alertname~\"x\""))
                .hasMessageContaining("column 10").hasMessageContaining("expected one of =, !=, =~, !~");
        assertThatThrownBy(() -> Matchers.parse("alertname=\"x")).hasMessageContaining("unterminated quoted value");
        assertThatThrownBy(() -> Matchers.parse("alertname=\"\\t\"")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> Matchers.parse("job=~\"(\"")).hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> Matchers.parse("")).hasMessageContaining("no matcher");
        assertThatThrownBy(() -> Matchers.parse("=\"x\"")).hasMessageContaining("expected a label name");
    }
}
