package dev.clawdbot.guard.text;

/** Characters that render as nothing or reorder what is shown: the raw material of hidden instructions. */
public enum Invisibles {
    NONE, ZERO_WIDTH, BIDI, TAG, PRIVATE_USE;

    public static Invisibles of(int cp) {
        if (cp < 0xAD) return NONE;
        if (cp == 0xAD || cp == 0x034F || cp == 0x180E || (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064)
                || cp == 0xFEFF || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0) return ZERO_WIDTH;
        if (cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return BIDI;
        if (cp >= 0xE0000 && cp <= 0xE007F) return TAG;
        if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)) return PRIVATE_USE;
        if (cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF) return ZERO_WIDTH;
        return NONE;
    }
}
