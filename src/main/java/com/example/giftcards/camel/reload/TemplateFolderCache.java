package com.example.giftcards.camel.reload;

import java.nio.file.Path;

/**
 * Something that remembers what it found among the routes folder's templates (which files exist), so as not to look
 * for them with every message. With live edits on, {@link RouteEditGuard} tells it about a template that was
 * created, edited or deleted, once the edit has been checked.
 */
public interface TemplateFolderCache {

    void templateChanged(Path template);
}
