package dev.clawdbot.agent;

import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools the gateway knows, and which of them an agent may use. Policy is layered: a tool is offered to an
 * agent only when it is registered and passes the global layer and the agent's layer; unknown tools are denied.
 */
public final class ToolRegistry {

    private final Map<String, Tool> tools;
    /** Each tool's spec, read once: a spec may be built on every call (schemas), and it is offered on every turn. */
    private final Map<String, ToolSpec> specs;
    /** The characters each spec adds to a request, for {@link Tokens}: the schema's JSON text is not rebuilt per turn. */
    private final Map<ToolSpec, Long> specChars = new IdentityHashMap<>();
    private final ToolPolicy global;

    public ToolRegistry(List<? extends Tool> tools, ToolPolicy global) {
        Map<String, Tool> m = new LinkedHashMap<>();
        Map<String, ToolSpec> sp = new LinkedHashMap<>();
        for (Tool t : tools) {
            ToolSpec spec = t.spec();
            String name = spec.name();
            if (m.putIfAbsent(name, t) != null) throw new IllegalArgumentException("two tools are named '" + name + "'");
            sp.put(name, spec);
            specChars.put(spec, Tokens.chars(spec));
        }
        this.tools = Collections.unmodifiableMap(m);
        this.specs = Collections.unmodifiableMap(sp);
        this.global = global == null ? ToolPolicy.ALLOW_ALL : global;
    }

    public static ToolRegistry of(List<? extends Tool> tools) {
        return new ToolRegistry(tools, ToolPolicy.ALLOW_ALL);
    }

    /** The same tools under another global layer (the gateway applies {@link AgentsConfig#tools()} this way). */
    public ToolRegistry withGlobalPolicy(ToolPolicy policy) {
        return new ToolRegistry(List.copyOf(tools.values()), policy);
    }

    /** Whether the agent with this policy layer may call the named tool. */
    public boolean permitted(String tool, ToolPolicy agentPolicy) {
        return tools.containsKey(tool) && global.permits(tool) && agentPolicy.permits(tool);
    }

    /** The tool, when it exists and the policy lets the agent use it. */
    public Optional<Tool> lookup(String tool, ToolPolicy agentPolicy) {
        return permitted(tool, agentPolicy) ? Optional.of(tools.get(tool)) : Optional.empty();
    }

    /** The specs offered to an agent's model, in registration order. */
    public List<ToolSpec> specsFor(ToolPolicy agentPolicy) {
        List<ToolSpec> out = new ArrayList<>();
        for (ToolSpec s : specs.values()) if (permitted(s.name(), agentPolicy)) out.add(s);
        return out;
    }

    /** The characters these specs add to a request (as {@link Tokens#chars(ToolSpec)}). */
    long chars(List<ToolSpec> offered) {
        long n = 0;
        for (ToolSpec s : offered) {
            Long c = specChars.get(s);
            n += c != null ? c : Tokens.chars(s);
        }
        return n;
    }

    public List<String> names() {
        return List.copyOf(tools.keySet());
    }
}
