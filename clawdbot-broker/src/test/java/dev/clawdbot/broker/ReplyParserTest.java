package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.llm.testing.ScriptedRouter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyParserTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            yes                                   | Approve
            Yes, go ahead.                        | Approve
            ok do it                              | Approve
            LGTM                                  | Approve
            Ja                                    | Approve
            Akkoord, ga je gang                   | Approve
            prima, doe maar                       | Approve
            no                                    | Deny
            No.                                   | Deny
            Denied, too risky                     | Deny
            nee                                   | Deny
            Nee, liever niet                      | Deny
            niet doen                             | Deny
            why does it need root?                | Question
            Waarom is dit nodig?                  | Question
            what does the config change          | Question
            Yes, but only on the web server       | Ambiguous
            ja, maar alleen op de webserver       | Ambiguous
            yes no                                | Ambiguous
            not approved                          | Ambiguous
            niet akkoord                          | Ambiguous
            hmm                                   | Ambiguous
            '   '                                 | Ambiguous
            yes?                                  | Ambiguous
            """)
    void readsEnglishAndDutchWithoutGuessing(String reply, String intent) {
        assertThat(ReplyParser.parse(reply).getClass().getSimpleName()).isEqualTo(intent);
    }

    @ParameterizedTest(name = "model says {1} to \"{0}\" -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            yes                           | {"intent":"approve"}                            | Approve
            yes but only after 18:00      | {"intent":"approve"}                            | Ambiguous
            no                            | {"intent":"approve"}                            | Ambiguous
            why root?                     | {"intent":"approve"}                            | Ambiguous
            yes                           | {"intent":"deny"}                               | Ambiguous
            no, too risky                 | {"intent":"deny","reason":"too risky"}          | Deny
            yes                           | this is not json                                | Approve
            hmm                           | {"intent":"launch-missiles"}                    | Ambiguous
            why root?                     | {"intent":"question","question":"why root?"}    | Question
            """)
    void theParserVetoesAModelApprovalItDoesNotShare(String reply, String modelAnswer, String intent) {
        ReplyInterpreter i = new ReplyInterpreter(new ModelCalls(ScriptedRouter.replying(p -> modelAnswer), "admin"));
        RequestView r = new RequestView("req_1", "CB-1", BrokerFixture.request(ProposedAction.command("uptime")), RequestState.AWAITING_OPERATOR,
                "low", "", "h", null, null, null, java.time.Instant.EPOCH, java.time.Instant.EPOCH, java.time.Instant.EPOCH, null);
        assertThat(i.interpret(r, reply).getClass().getSimpleName()).isEqualTo(intent);
    }
}
