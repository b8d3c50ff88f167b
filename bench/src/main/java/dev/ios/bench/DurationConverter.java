package dev.ios.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(trimmed);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                switch (matcher.group(2)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    default:
                        return Duration.ofHours(amount);
                }
            }
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + text + "' is not a duration (e.g. 500ms, 30s, 2m, 1h or PT30S)");
        }
    }
}
