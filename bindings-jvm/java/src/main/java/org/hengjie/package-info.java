/**
 * hengjie for the JVM: {@link org.hengjie.Hengjie} (static calls on the embedded parameters) and
 * {@link org.hengjie.Policy} (the same calls with parameter layers), JSON text in and out. See
 * docs/java.md.
 */
package org.hengjie;
