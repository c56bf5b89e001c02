package dev.clawdbot.sandbox;

import com.google.re2j.Pattern;
import dev.clawdbot.core.chat.Caller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Decides whether an authenticated caller may run an argv on the host under an {@link ElevatedPolicy}. */
final class ElevatedMatcher {
    private final ElevatedPolicy policy;

    ElevatedMatcher(ElevatedPolicy policy) {
        this.policy = policy;
    }

    /** {@code code} is a stable reason for events; {@code message} is for the model. */
    record Decision(boolean allowed, ElevatedPolicy.Rule rule, String code, String message) {
        static Decision refuse(String code, String message) {
            return new Decision(false, null, code, message);
        }
    }

    Decision check(Caller caller, List<String> argv) {
        String id = caller.id();
        List<ElevatedPolicy.Rule> mine = policy.rules().stream().filter(r -> covers(r, id)).toList();
        if (mine.isEmpty()) return Decision.refuse("caller_not_allowlisted", "caller " + id + " is not on the elevated allowlist");
        if (argv.isEmpty()) return Decision.refuse("empty_argv", "argv is empty");
        String program = argv.get(0);
        if (!program.startsWith("/")) return Decision.refuse("relative_program", "the program must be an absolute path; relative names and PATH lookup are refused");
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            for (int k = 0; k < a.length(); k++) {
                char c = a.charAt(k);
                if (c < 0x20 || c == 0x7f)
                    return Decision.refuse("control_character", "argument " + i + " contains a control character (newline, NUL, ...)");
            }
        }
        if (!Path.of(program).normalize().toString().equals(program))
            return Decision.refuse("unnormalized_program", "the program path must be normalized (no '.', '..' or '//')");
        List<ElevatedPolicy.Rule> forProgram = mine.stream().filter(r -> r.program().equals(program)).toList();
        if (forProgram.isEmpty()) return Decision.refuse("program_not_allowed", "no elevated rule allows " + program + " for " + id);
        List<String> args = argv.subList(1, argv.size());
        String why = null;
        for (ElevatedPolicy.Rule r : forProgram) {
            String mismatch = mismatch(r, args);
            if (mismatch == null) return binaryCheck(r, program);
            if (why == null) why = "rule " + r.name() + ": " + mismatch;
        }
        return Decision.refuse("arguments_not_allowed", why);
    }

    private boolean covers(ElevatedPolicy.Rule r, String id) {
        for (String c : r.callers()) {
            if (c.equals(id)) return true;
            if (c.startsWith("group:") && policy.groups().getOrDefault(c.substring(6), List.of()).contains(id)) return true;
        }
        return false;
    }

    private static String mismatch(ElevatedPolicy.Rule r, List<String> args) {
        if (args.size() != r.args().size())
            return "expects " + r.args().size() + " argument(s), got " + args.size();
        for (int i = 0; i < args.size(); i++) {
            String pat = r.args().get(i);
            String a = args.get(i);
            if (pat.startsWith("re:")) {
                if (a.startsWith("-")) return "argument " + (i + 1) + " starts with '-', which only a literal pattern may allow";
                if (!Pattern.compile(pat.substring(3)).matcher(a).matches())
                    return "argument " + (i + 1) + " does not match " + pat.substring(3);
                String path = pathProblem(a);
                if (path != null) return "argument " + (i + 1) + " " + path;
            } else if (!pat.equals(a)) {
                return "argument " + (i + 1) + " must be exactly '" + pat + "'";
            }
        }
        return null;
    }

    /**
     * Why a regex-matched argument is not a plain path, or null. {@code re:/var/log/.+} admitted
     * {@code /var/log/../../etc/shadow}: a pattern sees text, the program sees a path, so path syntax that moves
     * elsewhere ({@code ..}) or hides what the pattern saw ({@code .}, {@code //}) is refused even when the text
     * matches: only normalized paths are ever admitted.
     */
    static String pathProblem(String a) {
        String[] segs = a.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            String seg = segs[i];
            if (seg.equals("..")) return "contains a '..' path segment; paths may not climb out of what the rule allows";
            if (seg.equals(".") || (seg.isEmpty() && i > 0 && i < segs.length - 1))
                return "is not a normalized path (no '.' segments or '//')";
        }
        return null;
    }

    /** The rule names the real binary: a symlink (which someone could re-point) is refused. */
    private static Decision binaryCheck(ElevatedPolicy.Rule r, String program) {
        Path p = Path.of(program);
        try {
            if (Files.isSymbolicLink(p) || !p.toRealPath().toString().equals(program))
                return Decision.refuse("symlinked_program", program + " is or passes through a symbolic link (resolves to "
                        + p.toRealPath() + "); rules must name the real binary");
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(p))
                return Decision.refuse("not_executable", program + " is not an executable file");
        } catch (IOException e) {
            return Decision.refuse("missing_program", program + " does not exist");
        }
        return new Decision(true, r, "allowed", "allowed by rule " + r.name());
    }
}
