/** What concerns the daemon's process as a whole: an Error ends it, so systemd restarts it. */
package vigil.watchdog.process;
