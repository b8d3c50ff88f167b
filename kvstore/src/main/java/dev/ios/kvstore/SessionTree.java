package dev.ios.kvstore;

import dev.ios.consensus.Check;

/**
 * The session rows in recency order, frozen in O(1): an AVL tree of (stamp, client, session) rows
 * keyed by the stamp, a number {@link Sessions} takes from a counter each time a client becomes the
 * most recent, so in-order is least recent first. New rows always carry a stamp above every other
 * ({@link #addNewest}), rows leave from anywhere (a client touched again) or from the oldest end
 * (eviction).
 *
 * <p>Copied on write exactly as {@link PairTree}: every node records the epoch it was made in,
 * {@link #freeze} hands out the root and starts a new epoch, and a write copies the nodes of older
 * epochs on its path (at most the height: 17 to 23 for 100,000 rows, since a balanced tree needs
 * ceil(log2(100,001)) = 17 levels and the sparsest AVL tree 24 levels high holds 121,392 rows)
 * while it changes nodes of the current epoch in place. It is a separate class rather than a
 * {@code PairTree} over other keys: that tree is on the hot path of every read and write of the
 * store, keyed by {@code byte[]} under {@link Utf16Order}, and a shared generic tree would put a
 * comparator and casts in its descent; here keys are {@code long}s compared inline.
 *
 * <p>Not thread-safe: one thread owns the tree. A {@link Frozen} may be read by any thread the
 * owner hands it to with a happens-before edge.
 */
final class SessionTree {

    /** One row and its subtrees. Immutable once its epoch is older than the tree's. */
    private static final class Node {
        // Invariant: a node whose epoch is below the tree's current epoch is never written again,
        // because a frozen root may reach it; only nodes made in the current epoch change in place.
        final long epoch;
        long stamp;
        long clientId;
        Sessions.Session session;
        Node left;
        Node right;
        // Invariant: height == 1 + max(height(left), height(right)), and the two differ by <= 1.
        int height;

        Node(long epoch, long stamp, long clientId, Sessions.Session session, Node left, Node right, int height) {
            this.epoch = epoch;
            this.stamp = stamp;
            this.clientId = clientId;
            this.session = session;
            this.left = left;
            this.right = right;
            this.height = height;
        }
    }

    private Node root;
    // Invariant: size == the number of nodes reachable from root.
    private int size;
    // Nodes of this epoch may change in place; freeze() moves to the next one.
    // Invariant: a node of this epoch is linked only under nodes of this epoch, so no frozen node
    // ever reaches a node that still changes.
    private long epoch;

    // The row a remove took out, in fields so that the recursion returns only the new subtree root
    // (no tuple allocated per call). removedSession is null except during remove and removeOldest.
    private long removedStamp;
    private long removedClientId;
    private Sessions.Session removedSession;

    /** How many rows. O(1). */
    int size() {
        return size;
    }

    /** Adds a row whose stamp is above every stamp in the tree (the caller's counter ensures it). */
    void addNewest(long stamp, long clientId, Sessions.Session session) {
        root = addNewest(root, stamp, clientId, session);
        size++;
    }

    /** The session of the newest row; the tree must not be empty. O(log n), no allocation. */
    Sessions.Session newestSession() {
        Node n = root;
        while (n.right != null) {
            n = n.right;
        }
        return n.session;
    }

    /** Replaces the session of the newest row; the tree must not be empty. */
    void replaceNewest(Sessions.Session session) {
        root = replaceNewest(root, session);
    }

    /** Removes the row with {@code stamp}, which must be in the tree, and returns its session. */
    Sessions.Session remove(long stamp) {
        root = remove(root, stamp);
        Sessions.Session session = removedSession;
        Check.that(session != null, "the removed stamp was in the tree");
        Check.that(removedStamp == stamp, "removedStamp == stamp", removedStamp, stamp);
        removedSession = null;
        size--;
        return session;
    }

    /** Removes the oldest row (the tree must not be empty) and returns its client. */
    long removeOldest() {
        root = removeMin(root);
        removedSession = null;
        size--;
        return removedClientId;
    }

    /**
     * The rows as they are now, immutable from here on: later writes copy what they change. O(1);
     * the cost moves to the first write of each path after it.
     */
    Frozen freeze() {
        Frozen frozen = new Frozen(root, size);
        epoch++;
        return frozen;
    }

    /** A cursor over the current rows, least recent first, for the owning thread; invalid after a write. */
    Cursor cursor() {
        return new Cursor(root);
    }

    /**
     * The rows of a tree at the moment it was frozen. Nothing reachable from it is written after
     * {@link #freeze} returns (the epoch invariant on {@link Node}), so a thread that received it
     * through a happens-before edge sees every node exactly as at the freeze, and may read it while
     * the owner writes on.
     */
    static final class Frozen {
        private final Node root;
        private final int size;

        private Frozen(Node root, int size) {
            this.root = root;
            this.size = size;
        }

        /** How many rows. */
        int size() {
            return size;
        }

        /** A cursor over the rows, least recent first; each cursor is for one thread. */
        Cursor cursor() {
            return new Cursor(root);
        }
    }

    /**
     * In-order walk, least recent first: {@link #next} moves to the next row and returns false after
     * the last; then {@link #clientId} and {@link #session} read it. No allocation per row.
     */
    static final class Cursor {
        // The nodes whose left subtree is being walked, deepest last: at most the tree's height.
        private final Node[] stack;
        private int depth;
        private Node current;

        private Cursor(Node root) {
            stack = new Node[height(root)];
            for (Node n = root; n != null; n = n.left) {
                stack[depth++] = n;
            }
        }

        boolean next() {
            if (depth == 0) {
                current = null;
                return false;
            }
            current = stack[--depth];
            for (Node n = current.right; n != null; n = n.left) {
                stack[depth++] = n;
            }
            return true;
        }

        long stamp() {
            return current.stamp;
        }

        long clientId() {
            return current.clientId;
        }

        Sessions.Session session() {
            return current.session;
        }
    }

    private Node addNewest(Node n, long stamp, long clientId, Sessions.Session session) {
        if (n == null) {
            return new Node(epoch, stamp, clientId, session, null, null, 1);
        }
        // The new stamp is above every other, so the row goes to the right of every node.
        Node child = n.right;
        int childHeight = height(child);
        return relink(n, false, child, childHeight, addNewest(child, stamp, clientId, session));
    }

    private Node replaceNewest(Node n, Sessions.Session session) {
        if (n.right == null) {
            Node m = owned(n);
            m.session = session;
            return m;
        }
        Node child = n.right;
        int childHeight = height(child);
        return relink(n, false, child, childHeight, replaceNewest(child, session));
    }

    private Node remove(Node n, long stamp) {
        if (n == null) {
            return null;
        }
        if (stamp != n.stamp) {
            boolean left = stamp < n.stamp;
            Node child = left ? n.left : n.right;
            int childHeight = height(child);
            return relink(n, left, child, childHeight, remove(child, stamp));
        }
        if (n.left == null || n.right == null) {
            take(n);
            return n.left == null ? n.right : n.left;
        }
        // Two children: the successor (the right subtree's minimum) takes this row's place.
        long clientId = n.clientId;
        Sessions.Session session = n.session;
        Node m = owned(n);
        m.right = removeMin(n.right);
        m.stamp = removedStamp;
        m.clientId = removedClientId;
        m.session = removedSession;
        removedStamp = stamp;
        removedClientId = clientId;
        removedSession = session;
        return rebalance(m);
    }

    /** Removes the minimum of the non-empty subtree {@code n}, its row into the removed fields. */
    private Node removeMin(Node n) {
        if (n.left == null) {
            take(n);
            return n.right;
        }
        Node child = n.left;
        int childHeight = height(child);
        return relink(n, true, child, childHeight, removeMin(child));
    }

    private void take(Node n) {
        removedStamp = n.stamp;
        removedClientId = n.clientId;
        removedSession = n.session;
    }

    /**
     * {@code n} after a write below it turned its left (or right) child {@code child}, of height
     * {@code childHeight} before, into {@code result}: {@code n} itself if the child was changed in
     * place without a change of height, else {@code n} owned, relinked and rebalanced.
     */
    private Node relink(Node n, boolean left, Node child, int childHeight, Node result) {
        if (result == child && height(result) == childHeight) {
            return n;
        }
        Node m = owned(n);
        if (left) {
            m.left = result;
        } else {
            m.right = result;
        }
        return rebalance(m);
    }

    /** {@code n} if it may change in place (made in this epoch), else a copy in this epoch. */
    private Node owned(Node n) {
        if (n.epoch == epoch) {
            return n;
        }
        return new Node(epoch, n.stamp, n.clientId, n.session, n.left, n.right, n.height);
    }

    /** Restores the AVL invariant at {@code m} (owned; its subtrees are balanced); the new subtree root. */
    private Node rebalance(Node m) {
        int leftHeight = height(m.left);
        int rightHeight = height(m.right);
        if (leftHeight > rightHeight + 1) {
            Node l = m.left;
            if (height(l.left) < height(l.right)) {
                m.left = rotateLeft(owned(l));
            }
            return rotateRight(m);
        }
        if (rightHeight > leftHeight + 1) {
            Node r = m.right;
            if (height(r.right) < height(r.left)) {
                m.right = rotateRight(owned(r));
            }
            return rotateLeft(m);
        }
        m.height = Math.max(leftHeight, rightHeight) + 1;
        return m;
    }

    /** Rotates the owned {@code m} down to the right; its left child, owned, is the new root. */
    private Node rotateRight(Node m) {
        Node l = owned(m.left);
        m.left = l.right;
        m.height = Math.max(height(m.left), height(m.right)) + 1;
        l.right = m;
        l.height = Math.max(height(l.left), m.height) + 1;
        return l;
    }

    /** Rotates the owned {@code m} down to the left; its right child, owned, is the new root. */
    private Node rotateLeft(Node m) {
        Node r = owned(m.right);
        m.right = r.left;
        m.height = Math.max(height(m.left), height(m.right)) + 1;
        r.left = m;
        r.height = Math.max(m.height, height(r.right)) + 1;
        return r;
    }

    private static int height(Node n) {
        return n == null ? 0 : n.height;
    }

    /** Checks order, heights, balance and size by walking the whole tree: O(n), for tests. */
    void checkInvariants() {
        int[] count = new int[1];
        check(root, Long.MIN_VALUE, Long.MAX_VALUE, count);
        Check.that(count[0] == size, "size == nodes", size, count[0]);
    }

    private static int check(Node n, long low, long high, int[] count) {
        if (n == null) {
            return 0;
        }
        Check.that(low < n.stamp, "stamps ascending", low, n.stamp);
        Check.that(n.stamp < high, "stamps ascending", n.stamp, high);
        count[0]++;
        int l = check(n.left, low, n.stamp, count);
        int r = check(n.right, n.stamp, high, count);
        Check.that(Math.abs(l - r) <= 1, "AVL balance", l, r);
        Check.that(n.height == Math.max(l, r) + 1, "height", n.height, Math.max(l, r) + 1);
        return n.height;
    }
}
