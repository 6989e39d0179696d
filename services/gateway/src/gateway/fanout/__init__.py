"""Interview events fanned out to WebSockets: the hub, the topic reader and the socket route."""
