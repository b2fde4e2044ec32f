/**
 * The look shared by every mail Vigil writes: one HTML page layout with inline styles only (mail
 * clients drop style sheets), and escaping.
 */
package vigil.watchdog.render;
