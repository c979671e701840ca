#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
