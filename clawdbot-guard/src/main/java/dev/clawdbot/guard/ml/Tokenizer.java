package dev.clawdbot.guard.ml;

/** Text to token ids, without special tokens; {@link SpecialTokens} says what to put around each chunk. */
interface Tokenizer extends AutoCloseable {

    long[] ids(String text);

    /** "native" (HuggingFace tokenizers via DJL) or "java" (the built-in WordLevel/WordPiece reader). */
    String kind();

    @Override
    void close();
}
