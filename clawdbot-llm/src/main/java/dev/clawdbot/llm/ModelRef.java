package dev.clawdbot.llm;

/** A {@code provider/model} name split into its parts; the model part may itself contain slashes. */
record ModelRef(String provider, String model) {

    static ModelRef parse(String s, String key) {
        if (s == null) throw new IllegalArgumentException(key + " is missing");
        String t = s.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1) {
            throw new IllegalArgumentException(key + " must be provider/model (e.g. anthropic/claude-opus-4-5), was '" + s + "'");
        }
        return new ModelRef(t.substring(0, slash), t.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
