package dev.ios.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed configuration file before any meaning is given to it: the sections in the order they
 * first appear and every entry in file order. A section may be opened more than once; its entries
 * are then simply all entries carrying its name, as in git-config.
 *
 * @param source the file name as the user gave it, used in every error message
 * @param sectionLines each section's lower-cased name mapped to the line of its first header, in
 *     order of appearance
 * @param entries every {@code key = value} line, in file order
 */
public record IniDocument(String source, Map<String, Integer> sectionLines, List<IniEntry> entries) {

    /** Copies both collections so the document is immutable; keeps their order. */
    public IniDocument {
        Objects.requireNonNull(source, "source");
        sectionLines = Collections.unmodifiableMap(new LinkedHashMap<>(sectionLines));
        entries = List.copyOf(entries);
    }
}
