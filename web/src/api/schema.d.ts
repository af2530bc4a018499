// Generated from docs/openapi.json by web/openapi.mjs (openapi-typescript); run `make openapi`.

export interface paths {
    "/customizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the requests the caller may see, newest first */
        get: operations["get_customizations"];
        put?: never;
        /** Create a customization request */
        post: operations["post_customizations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests waiting for a designer, oldest first (`sort=dueAt`: the soonest due first) */
        get: operations["get_customizations_pending"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/pending/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim the next waiting request: one of the oldest, callers at once spread over different ones */
        post: operations["post_customizations_pending_claim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Statistics over the caller's requests */
        get: operations["get_customizations_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a file (multipart: file, kind) up to the kind's limit */
        post: operations["post_customizations_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a resumable upload session for a large file */
        post: operations["post_customizations_uploads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/uploads/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a file sent through a session and make it usable */
        post: operations["post_customizations_uploads_id_complete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/workload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A designer's own load; for admins, every designer's, least loaded first, paginated */
        get: operations["get_customizations_workload"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One request */
        get: operations["get_customizations_id"];
        put?: never;
        post?: never;
        /** Cancel a request (the record stays) */
        delete: operations["delete_customizations_id"];
        options?: never;
        head?: never;
        /** Take an action on a request */
        patch: operations["patch_customizations_id"];
        trace?: never;
    };
    "/customizations/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The request's audit trail, oldest first (participants and admins) */
        get: operations["get_customizations_id_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/files/{field}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The file behind one FileRef field (participants and admins) */
        get: operations["get_customizations_id_files_field"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/files/{field}/url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A short-lived URL for one of the request's files (or a revision's), for <img src> or a link */
        get: operations["get_customizations_id_files_field_url"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The request's message thread, oldest first (newest last) */
        get: operations["get_customizations_id_messages"];
        put?: never;
        /** Post a message to the request's thread (text, and FileRefs of one's uploads attached) */
        post: operations["post_customizations_id_messages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/messages/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark the request's thread read as far as it goes */
        post: operations["post_customizations_id_messages_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/messages/{message}/files/{index}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file attached to a message (the first is 0) */
        get: operations["get_customizations_id_messages_message_files_index"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every design submitted for the request, oldest first (participants and admins) */
        get: operations["get_customizations_id_revisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/revisions/{number}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pin a comment to a point of the current design, or reply to one of its comments */
        post: operations["post_customizations_id_revisions_number_comments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customizations/{id}/revisions/{number}/comments/{comment}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a comment on the current design resolved */
        post: operations["post_customizations_id_revisions_number_comments_comment_resolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness check */
        get: operations["get_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's profile: who they are, how they are told of events, devices, unread count */
        get: operations["get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's display name, notification preferences and (designers) availability */
        patch: operations["patch_me"];
        trace?: never;
    };
    "/me/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a device for push (an FCM registration token); the oldest goes past 10 */
        post: operations["post_me_devices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop pushes to one of the caller's devices */
        delete: operations["delete_me_devices_id"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's notifications, newest first */
        get: operations["get_notifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every one of the caller's notifications read (call again while `more`) */
        post: operations["post_notifications_read_all"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of the caller's notifications read */
        post: operations["post_notifications_id_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["get_openapi_json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The customizable products by name (admins: `includeRetired=true` for all) */
        get: operations["get_products"];
        put?: never;
        /** Add a product to the catalogue */
        post: operations["post_products"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product, retired or not */
        get: operations["get_products_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a product; `isCustomizable: false` retires it */
        patch: operations["patch_products_id"];
        trace?: never;
    };
    "/users/{uid}/disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Disable a user, or enable them again (admins; never themselves) */
        put: operations["put_users_uid_disabled"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{uid}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a user's role (admins) */
        put: operations["put_users_uid_role"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * AllowRevisionBody
         * @description An admin allows the customer more rounds of changes than the request includes.
         */
        AllowRevisionBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "allowRevision";
            /**
             * Rounds
             * @default 1
             */
            rounds?: number;
        };
        /**
         * ApproveBody
         * @description The customer accepts the submitted design.
         */
        ApproveBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "approve";
        };
        /**
         * AssignBody
         * @description A designer claims the request; an admin may name the designer.
         */
        AssignBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "assign";
            /**
             * Designerid
             * @default null
             */
            designerId?: string | null;
        };
        /**
         * AuditEntry
         * @description One entry of a request's audit trail: an event, or `violation` (a write around the API the
         *     lifecycle forbids, rolled back), `override` (one an admin marked, kept) or `restored` (the
         *     rollback).
         */
        AuditEntry: {
            /** Actorid */
            actorId: string;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Event */
            event: string;
            fromStatus: components["schemas"]["Status"] | null;
            /**
             * Illegal
             * @default null
             */
            illegal?: {
                [key: string]: unknown;
            } | null;
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
            /**
             * Rolledback
             * @default null
             */
            rolledBack?: boolean | null;
            toStatus: components["schemas"]["Status"] | null;
            /** Version */
            version: number;
        };
        /**
         * Availability
         * @description A designer's seat: routed work on or off, how many active requests they take, hold.
         */
        Availability: {
            /** Active */
            active: number;
            /** Available */
            available: boolean;
            /** Capacity */
            capacity: number;
        };
        /**
         * AvailabilityPatch
         * @description A designer's say in routing: whether auto-assignment may give them work, and how many
         *     active requests they take (claims too are held to it).
         */
        AvailabilityPatch: {
            /**
             * Available
             * @default null
             */
            available?: boolean | null;
            /**
             * Capacity
             * @default null
             */
            capacity?: number | null;
        };
        /**
         * CancelBody
         * @description The customer or an admin withdraws the request.
         */
        CancelBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "cancel";
            /**
             * Reason
             * @default null
             */
            reason?: string | null;
        };
        /**
         * ClaimTries
         * @description How a claim of the next request went: the requests it tried, and how many of those tries
         *     found the request taken by another caller first (lost races).
         */
        ClaimTries: {
            /** Attempts */
            attempts: number;
            /** Conflicts */
            conflicts: number;
        };
        /**
         * ClaimedRequest
         * @description The request a designer claimed (as an assign answers it), with how the claim went.
         */
        ClaimedRequest: {
            /**
             * Approvedat
             * @default null
             */
            approvedAt?: string | null;
            /**
             * Assignedat
             * @default null
             */
            assignedAt?: string | null;
            /**
             * Cancellationreason
             * @default null
             */
            cancellationReason?: string | null;
            /**
             * Cancelledat
             * @default null
             */
            cancelledAt?: string | null;
            claim: components["schemas"]["ClaimTries"];
            /**
             * Completedat
             * @default null
             */
            completedAt?: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Customerdesignfile
             * @default null
             */
            customerDesignFile?: {
                [key: string]: unknown;
            } | null;
            /** Customeremail */
            customerEmail: string | null;
            /** Customerid */
            customerId: string;
            /** Customername */
            customerName: string;
            /**
             * Customerpreviewimage
             * @default null
             */
            customerPreviewImage?: {
                [key: string]: unknown;
            } | null;
            /** Customizationnotes */
            customizationNotes: string;
            /**
             * Designerfinalfile
             * @default null
             */
            designerFinalFile?: {
                [key: string]: unknown;
            } | null;
            /**
             * Designerid
             * @default null
             */
            designerId?: string | null;
            /**
             * Designername
             * @default null
             */
            designerName?: string | null;
            /**
             * Designernotes
             * @default null
             */
            designerNotes?: string | null;
            /**
             * Designerpreviewimage
             * @default null
             */
            designerPreviewImage?: {
                [key: string]: unknown;
            } | null;
            /**
             * Dueat
             * @default null
             */
            dueAt?: string | null;
            /** Id */
            id: string;
            lastEvent: components["schemas"]["LastEvent"];
            /**
             * Orderid
             * @default null
             */
            orderId?: string | null;
            /**
             * Overdue
             * @default false
             */
            overdue?: boolean;
            /** Productid */
            productId: string;
            /**
             * Productimage
             * @default null
             */
            productImage?: string | null;
            /** Productname */
            productName: string;
            /** Quantity */
            quantity: number;
            /**
             * Rating
             * @default null
             */
            rating?: {
                [key: string]: unknown;
            } | null;
            /**
             * Rejectioncount
             * @default 0
             */
            rejectionCount?: number;
            /**
             * Rejectionreason
             * @default null
             */
            rejectionReason?: string | null;
            /**
             * Releasereason
             * @default null
             */
            releaseReason?: string | null;
            /**
             * Requestedat
             * Format: date-time
             */
            requestedAt: string;
            /**
             * Revisionlimit
             * @default null
             */
            revisionLimit?: number | null;
            status: components["schemas"]["Status"];
            /**
             * Unreadmessages
             * @default 0
             */
            unreadMessages?: number;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            /** Version */
            version: number;
        };
        /**
         * Comment
         * @description A comment pinned to a point of a revision (replies carry the point they answer).
         */
        Comment: {
            /** Authorid */
            authorId: string;
            /** Authorname */
            authorName: string;
            authorRole: components["schemas"]["Role"];
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Id */
            id: string;
            /**
             * Page
             * @default null
             */
            page?: number | null;
            /**
             * Replyto
             * @default null
             */
            replyTo?: string | null;
            /** Resolved */
            resolved: boolean;
            /**
             * Resolvedat
             * @default null
             */
            resolvedAt?: string | null;
            /**
             * Resolvedby
             * @default null
             */
            resolvedBy?: string | null;
            /** Revision */
            revision: number;
            /** Text */
            text: string;
            /** X */
            x: number | null;
            /** Y */
            y: number | null;
        };
        /**
         * CommentBody
         * @description POST /customizations/{id}/revisions/{number}/comments: a point of the design (x, y from 0
         *     to 1 across and down its preview; a page for a PDF), or `replyTo` another comment.
         */
        CommentBody: {
            /**
             * Page
             * @default null
             */
            page?: number | null;
            /**
             * Replyto
             * @default null
             */
            replyTo?: string | null;
            /** Text */
            text: string;
            /**
             * X
             * @default null
             */
            x?: number | null;
            /**
             * Y
             * @default null
             */
            y?: number | null;
        };
        /**
         * CompleteBody
         * @description An admin records the order made from an approved design.
         */
        CompleteBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "complete";
            /** Orderid */
            orderId: string;
        };
        /**
         * CreateProductBody
         * @description POST /products: a product for the catalogue (an id of your choosing, or a fresh one).
         */
        CreateProductBody: {
            /**
             * Id
             * @default null
             */
            id?: string | null;
            /**
             * Imageurl
             * @default null
             */
            imageUrl?: string | null;
            /**
             * Iscustomizable
             * @default true
             */
            isCustomizable?: boolean;
            /** Name */
            name: string;
        };
        /**
         * CreateRequestBody
         * @description POST /customizations.
         */
        CreateRequestBody: {
            /** @default null */
            customerDesignFile?: components["schemas"]["FileRef"] | null;
            /** @default null */
            customerPreviewImage?: components["schemas"]["FileRef"] | null;
            /** Customizationnotes */
            customizationNotes: string;
            /** Productid */
            productId: string;
            /** Quantity */
            quantity: number;
        };
        /**
         * CustomizationRequest
         * @description A customization request as clients see it.
         */
        CustomizationRequest: {
            /**
             * Approvedat
             * @default null
             */
            approvedAt?: string | null;
            /**
             * Assignedat
             * @default null
             */
            assignedAt?: string | null;
            /**
             * Cancellationreason
             * @default null
             */
            cancellationReason?: string | null;
            /**
             * Cancelledat
             * @default null
             */
            cancelledAt?: string | null;
            /**
             * Completedat
             * @default null
             */
            completedAt?: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Customerdesignfile
             * @default null
             */
            customerDesignFile?: {
                [key: string]: unknown;
            } | null;
            /** Customeremail */
            customerEmail: string | null;
            /** Customerid */
            customerId: string;
            /** Customername */
            customerName: string;
            /**
             * Customerpreviewimage
             * @default null
             */
            customerPreviewImage?: {
                [key: string]: unknown;
            } | null;
            /** Customizationnotes */
            customizationNotes: string;
            /**
             * Designerfinalfile
             * @default null
             */
            designerFinalFile?: {
                [key: string]: unknown;
            } | null;
            /**
             * Designerid
             * @default null
             */
            designerId?: string | null;
            /**
             * Designername
             * @default null
             */
            designerName?: string | null;
            /**
             * Designernotes
             * @default null
             */
            designerNotes?: string | null;
            /**
             * Designerpreviewimage
             * @default null
             */
            designerPreviewImage?: {
                [key: string]: unknown;
            } | null;
            /**
             * Dueat
             * @default null
             */
            dueAt?: string | null;
            /** Id */
            id: string;
            lastEvent: components["schemas"]["LastEvent"];
            /**
             * Orderid
             * @default null
             */
            orderId?: string | null;
            /**
             * Overdue
             * @default false
             */
            overdue?: boolean;
            /** Productid */
            productId: string;
            /**
             * Productimage
             * @default null
             */
            productImage?: string | null;
            /** Productname */
            productName: string;
            /** Quantity */
            quantity: number;
            /**
             * Rating
             * @default null
             */
            rating?: {
                [key: string]: unknown;
            } | null;
            /**
             * Rejectioncount
             * @default 0
             */
            rejectionCount?: number;
            /**
             * Rejectionreason
             * @default null
             */
            rejectionReason?: string | null;
            /**
             * Releasereason
             * @default null
             */
            releaseReason?: string | null;
            /**
             * Requestedat
             * Format: date-time
             */
            requestedAt: string;
            /**
             * Revisionlimit
             * @default null
             */
            revisionLimit?: number | null;
            status: components["schemas"]["Status"];
            /**
             * Unreadmessages
             * @default 0
             */
            unreadMessages?: number;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            /** Version */
            version: number;
        };
        /**
         * Device
         * @description One of the caller's devices (its token is never shown).
         */
        Device: {
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Id */
            id: string;
            /** Label */
            label: string;
            platform: components["schemas"]["Platform"];
        };
        /**
         * DeviceBody
         * @description POST /me/devices.
         */
        DeviceBody: {
            /**
             * Label
             * @default
             */
            label?: string;
            platform: components["schemas"]["Platform"];
            /** Token */
            token: string;
        };
        /**
         * Digest
         * @description When email comes.
         * @enum {string}
         */
        Digest: "immediate" | "hourly" | "daily";
        /**
         * DisabledBody
         * @description PUT /users/{uid}/disabled.
         */
        DisabledBody: {
            /** Disabled */
            disabled: boolean;
        };
        Error: {
            error: {
                /** @enum {string} */
                code: "VALIDATION_ERROR" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "INVALID_TRANSITION" | "CONFLICT" | "CAPACITY_REACHED" | "REVISION_LIMIT_REACHED" | "PRECONDITION_FAILED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "INTERNAL";
                details?: unknown;
                message: string;
            };
            /** @constant */
            success: false;
        };
        /**
         * Event
         * @description What happened, as the fan-out and the audit trail name it.
         * @enum {string}
         */
        Event: "customization.request.created" | "customization.designer.assigned" | "customization.design.completed" | "customization.design.approved" | "customization.design.rejected" | "customization.request.cancelled" | "customization.request.completed" | "customization.request.rated" | "customization.message.posted" | "customization.comment.added" | "customization.designer.released" | "customization.designer.reassigned" | "customization.revision.allowed" | "customization.request.reminder" | "customization.request.overdue";
        /**
         * FileLink
         * @description A short-lived URL for one of a request's files, for `<img src>` or a download link.
         */
        FileLink: {
            /** Contenttype */
            contentType: string;
            /**
             * Disposition
             * @enum {string}
             */
            disposition: "inline" | "attachment";
            /**
             * Expiresat
             * Format: date-time
             */
            expiresAt: string;
            /** Filename */
            fileName: string;
            /** Filesize */
            fileSize: number;
            /** Url */
            url: string;
        };
        /**
         * FileRef
         * @description A file in the project's bucket, as returned by the upload endpoint.
         */
        FileRef: {
            /** Contenttype */
            contentType: string;
            /** Filename */
            fileName: string;
            /** Filesize */
            fileSize: number;
            /** Path */
            path: string;
            /**
             * Uploadedat
             * Format: date-time
             */
            uploadedAt: string;
            /** Url */
            url: string;
        };
        /**
         * LastEvent
         * @description Who did what last, written with every transition.
         */
        LastEvent: {
            /** Actorid */
            actorId: string;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Event */
            event: string;
        };
        /**
         * Message
         * @description One message of a request's thread.
         */
        Message: {
            /** Attachments */
            attachments: {
                [key: string]: unknown;
            }[];
            /** Authorid */
            authorId: string;
            /** Authorname */
            authorName: string;
            authorRole: components["schemas"]["Role"];
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Id */
            id: string;
            /** Seq */
            seq: number;
            /** Text */
            text: string;
        };
        /**
         * MessageBody
         * @description POST /customizations/{id}/messages.
         */
        MessageBody: {
            /**
             * Attachments
             * @default []
             */
            attachments?: components["schemas"]["FileRef"][];
            /** Text */
            text: string;
        };
        /**
         * Notification
         * @description One message to one user about one event.
         */
        Notification: {
            /** Body */
            body: string;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Id */
            id: string;
            /** Readat */
            readAt: string | null;
            /** Recipientid */
            recipientId: string;
            /** Requestid */
            requestId: string;
            /** Title */
            title: string;
            /** Type */
            type: string;
        };
        /**
         * Platform
         * @description Where a device token comes from.
         * @enum {string}
         */
        Platform: "ios" | "android" | "web";
        /**
         * PreferencesPatch
         * @description Changes to how one is told of events: per channel, event type -> on or off, and when email
         *     comes. The inbox cannot be turned off.
         */
        PreferencesPatch: {
            /**
             * Email
             * @default null
             */
            email?: {
                [key: string]: boolean;
            } | null;
            /** @default null */
            emailDigest?: components["schemas"]["Digest"] | null;
            /**
             * Push
             * @default null
             */
            push?: {
                [key: string]: boolean;
            } | null;
        };
        /**
         * PreferencesShown
         * @description How the caller is told of each event type: in the inbox (always), by push, by email, and
         *     when email comes.
         */
        PreferencesShown: {
            /** Email */
            email: {
                [key: string]: boolean;
            };
            emailDigest: components["schemas"]["Digest"];
            /** Inapp */
            inApp: {
                [key: string]: boolean;
            };
            /** Push */
            push: {
                [key: string]: boolean;
            };
        };
        /**
         * Product
         * @description A product of the catalogue.
         */
        Product: {
            /** Id */
            id: string;
            /** Imageurl */
            imageUrl: string | null;
            /** Iscustomizable */
            isCustomizable: boolean;
            /** Name */
            name: string;
        };
        /**
         * Profile
         * @description GET /me, PATCH /me.
         */
        Profile: {
            /** @default null */
            availability?: components["schemas"]["Availability"] | null;
            /** Devices */
            devices: components["schemas"]["Device"][];
            /** Email */
            email: string;
            /** Name */
            name: string;
            preferences: components["schemas"]["PreferencesShown"];
            role: components["schemas"]["Role"];
            /** Uid */
            uid: string;
            /** Unreadcount */
            unreadCount: number;
            /** Unreadcountcapped */
            unreadCountCapped: boolean;
        };
        /**
         * ProfilePatchBody
         * @description PATCH /me: only what is given changes.
         */
        ProfilePatchBody: {
            /** @default null */
            availability?: components["schemas"]["AvailabilityPatch"] | null;
            /**
             * Name
             * @default null
             */
            name?: string | null;
            /** @default null */
            preferences?: components["schemas"]["PreferencesPatch"] | null;
        };
        /**
         * RateBody
         * @description The customer rates the approved design (again, to change it, within a week).
         */
        RateBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "rate";
            /**
             * Comment
             * @default null
             */
            comment?: string | null;
            /** Stars */
            stars: number;
        };
        /**
         * ReadAll
         * @description POST /notifications/read-all.
         */
        ReadAll: {
            /** Marked */
            marked: number;
            /** More */
            more: boolean;
        };
        /**
         * ReassignBody
         * @description An admin gives a request in progress to another designer.
         */
        ReassignBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "reassign";
            /** Designerid */
            designerId: string;
        };
        /**
         * RejectBody
         * @description The customer sends the design back, saying why (and, if they like, which of the comments
         *     pinned to it the rejection is about).
         */
        RejectBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "reject";
            /**
             * Commentids
             * @default []
             */
            commentIds?: string[];
            /** Reason */
            reason: string;
        };
        /**
         * ReleaseBody
         * @description Its designer gives a claimed request back to the queue, saying why.
         */
        ReleaseBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "release";
            /** Reason */
            reason: string;
        };
        /**
         * Revision
         * @description One submitted design and the verdict it got.
         */
        Revision: {
            /**
             * Approvedat
             * @default null
             */
            approvedAt?: string | null;
            /**
             * Comments
             * @default []
             */
            comments?: {
                [key: string]: unknown;
            }[];
            /**
             * Designerfinalfile
             * @default null
             */
            designerFinalFile?: {
                [key: string]: unknown;
            } | null;
            /**
             * Designernotes
             * @default null
             */
            designerNotes?: string | null;
            /**
             * Designerpreviewimage
             * @default null
             */
            designerPreviewImage?: {
                [key: string]: unknown;
            } | null;
            /** Number */
            number: number;
            /**
             * Rejectedat
             * @default null
             */
            rejectedAt?: string | null;
            /**
             * Rejectioncommentids
             * @default []
             */
            rejectionCommentIds?: string[];
            /**
             * Rejectionreason
             * @default null
             */
            rejectionReason?: string | null;
            /**
             * Submittedat
             * Format: date-time
             */
            submittedAt: string;
        };
        /**
         * Role
         * @description A user's role, from the ID token's custom claim `role` (no claim means customer).
         * @enum {string}
         */
        Role: "customer" | "designer" | "admin";
        /**
         * RoleBody
         * @description PUT /users/{uid}/role.
         */
        RoleBody: {
            role: components["schemas"]["Role"];
        };
        /**
         * StartUploadBody
         * @description POST /customizations/uploads: open a resumable upload for a large file.
         */
        StartUploadBody: {
            /** Contenttype */
            contentType: string;
            /** Filename */
            fileName: string;
            /** Kind */
            kind: string;
            /** Size */
            size: number;
        };
        /**
         * Stats
         * @description GET /customizations/stats.
         */
        Stats: {
            /**
             * Activedesigners
             * @default null
             */
            activeDesigners?: number | null;
            /** Approvalrate */
            approvalRate: number | null;
            /**
             * Asof
             * Format: date-time
             */
            asOf: string;
            /** Averagecompletionhours */
            averageCompletionHours: number | null;
            /** Averagerating */
            averageRating: number | null;
            /** Averageresponsehours */
            averageResponseHours: number | null;
            /** Averagereviewhours */
            averageReviewHours: number | null;
            /** Bystatus */
            byStatus: {
                [key: string]: number;
            };
            /** Overdue */
            overdue: number;
            /** Rejectionrate */
            rejectionRate: number | null;
            /** Repeatrequestrate */
            repeatRequestRate: number | null;
            /** Revisionsperrequest */
            revisionsPerRequest: number | null;
            /** Satisfactionrate */
            satisfactionRate: number | null;
            /** Total */
            total: number;
        };
        /**
         * Status
         * @description Where a request is in its lifecycle.
         * @enum {string}
         */
        Status: "pending_designer_review" | "in_progress" | "awaiting_customer_approval" | "approved" | "completed" | "cancelled";
        /**
         * ThreadRead
         * @description POST /customizations/{id}/messages/read.
         */
        ThreadRead: {
            /** Requestid */
            requestId: string;
            /** Unreadmessages */
            unreadMessages: number;
        };
        /**
         * UpdateProductBody
         * @description PATCH /products/{id}: only what is given changes; `imageUrl: null` removes the image,
         *     `isCustomizable: false` retires the product (no new requests; existing ones keep their copy).
         */
        UpdateProductBody: {
            /**
             * Imageurl
             * @default null
             */
            imageUrl?: string | null;
            /**
             * Iscustomizable
             * @default null
             */
            isCustomizable?: boolean | null;
            /**
             * Name
             * @default null
             */
            name?: string | null;
        };
        /**
         * UploadFinalBody
         * @description The designer submits a design for the customer's review.
         */
        UploadFinalBody: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "uploadFinal";
            designerFinalFile: components["schemas"]["FileRef"];
            /**
             * Designernotes
             * @default null
             */
            designerNotes?: string | null;
            /** @default null */
            designerPreviewImage?: components["schemas"]["FileRef"] | null;
        };
        /**
         * UploadSession
         * @description Where to send a large file's bytes, and how to finish.
         */
        UploadSession: {
            /** Filesize */
            fileSize: number;
            /** Path */
            path: string;
            /** Uploadid */
            uploadId: string;
            /** Uploadurl */
            uploadUrl: string;
        };
        /**
         * UserDisabled
         * @description The answer of PUT /users/{uid}/disabled.
         */
        UserDisabled: {
            /** Disabled */
            disabled: boolean;
            /** Uid */
            uid: string;
        };
        /**
         * UserRole
         * @description The answer of PUT /users/{uid}/role.
         */
        UserRole: {
            role: components["schemas"]["Role"];
            /** Uid */
            uid: string;
        };
        /**
         * Workload
         * @description One designer's load, in GET /customizations/workload.
         */
        Workload: {
            /** Active */
            active: number;
            /** Averagecompletionhours */
            averageCompletionHours: number | null;
            /** Averagerating */
            averageRating: number | null;
            /** Awaitingapproval */
            awaitingApproval: number;
            /** Completedtotal */
            completedTotal: number;
            /** Designerid */
            designerId: string;
            /** Designername */
            designerName: string | null;
            /** Inprogress */
            inProgress: number;
            /** Overdue */
            overdue: number;
            /** Ratingcount */
            ratingCount: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    get_customizations: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                status?: components["schemas"]["Status"] | null;
                customerId?: string | null;
                designerId?: string | null;
                overdue?: boolean | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomizationRequest"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRequestBody"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomizationRequest"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_pending: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                sort?: "requestedAt" | "dueAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomizationRequest"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_pending_claim: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ClaimedRequest"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_stats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Stats"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_upload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                    /** @enum {string} */
                    kind: "customer_design" | "designer_final" | "preview";
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FileRef"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_uploads: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartUploadBody"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["UploadSession"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_uploads_id_complete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FileRef"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_workload: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Workload"] | components["schemas"]["Workload"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomizationRequest"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_customizations_id: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomizationRequest"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PRECONDITION_FAILED */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patch_customizations_id: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignBody"] | components["schemas"]["UploadFinalBody"] | components["schemas"]["ApproveBody"] | components["schemas"]["RejectBody"] | components["schemas"]["CancelBody"] | components["schemas"]["CompleteBody"] | components["schemas"]["RateBody"] | components["schemas"]["ReleaseBody"] | components["schemas"]["ReassignBody"] | components["schemas"]["AllowRevisionBody"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CustomizationRequest"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PRECONDITION_FAILED */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id_events: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEntry"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id_files_field: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                field: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file (local stack) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description Redirect to a short-lived signed URL (production) */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id_files_field_url: {
        parameters: {
            query?: {
                revision?: number | null;
            };
            header?: never;
            path: {
                id: string;
                field: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["FileLink"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id_messages: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Message"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_id_messages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageBody"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Message"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_id_messages_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ThreadRead"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id_messages_message_files_index: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                message: string;
                index: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file (local stack) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description Redirect to a short-lived signed URL (production) */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_customizations_id_revisions: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Revision"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_id_revisions_number_comments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommentBody"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Comment"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_customizations_id_revisions_number_comments_comment_resolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                number: string;
                comment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Comment"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Profile"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patch_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfilePatchBody"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Profile"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_me_devices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceBody"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Device"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_me_devices_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Device"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_notifications: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_notifications_read_all: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ReadAll"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_notifications_id_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Notification"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_openapi_json: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    get_products: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
                includeRetired?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Product"][];
                        nextCursor: string | null;
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_products: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProductBody"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Product"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_TRANSITION or CONFLICT or CAPACITY_REACHED or REVISION_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_products_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Product"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patch_products_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProductBody"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Product"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    put_users_uid_disabled: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DisabledBody"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["UserDisabled"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    put_users_uid_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleBody"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["UserRole"];
                        /** @constant */
                        success: true;
                    };
                };
            };
            /** @description VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
