package dev.ios.client.cli;

import dev.ios.config.Application;
import dev.ios.kvstore.Verb;
import java.util.ArrayList;
import java.util.List;

/** What the shell prints at start and for {@code help}, laid out as Ios's shell lays it out. */
final class HelpText {

    private HelpText() {}

    /** The words tab completion offers and {@code help} lists: the application's commands, then ours. */
    static List<String> commandWords(Application application) {
        List<String> words = new ArrayList<>();
        if (application == Application.KV_STORE) {
            for (Verb verb : Verb.values()) {
                words.add(verb.word());
            }
        } else {
            words.add("ping");
        }
        words.add("help");
        words.add("exit");
        words.add("quit");
        return words;
    }

    /** The banner line, e.g. {@code Starting Ios kv-store client in interactive mode.} */
    static String banner(Application application) {
        return "Starting Ios " + application.configName() + " client in interactive mode.";
    }

    /** The command list: one tab-indented {@code usage: what it does} line per command, ending in a newline. */
    static String commands(Application application) {
        StringBuilder out = new StringBuilder("The following commands are available:\n");
        if (application == Application.KV_STORE) {
            for (Verb verb : Verb.values()) {
                out.append('\t').append(verb.usage()).append(": ").append(verb.description()).append('\n');
            }
            out.append("\tQuote a key or value that holds spaces: update A \"hello world\"\n");
        } else {
            out.append("\tping: ping the dummy application\n");
        }
        out.append("\thelp: show this list\n");
        out.append("\texit, quit: leave the shell\n");
        return out.toString();
    }
}
