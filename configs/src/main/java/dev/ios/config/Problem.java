package dev.ios.config;

/**
 * A value that a check involving several keys refuses: which key to blame and why.
 *
 * @param section the lower-cased section of the key to blame
 * @param key the canonical key to blame
 * @param message what is wrong and what is allowed
 */
record Problem(String section, String key, String message) {}
